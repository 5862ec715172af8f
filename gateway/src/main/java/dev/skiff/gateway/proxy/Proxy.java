package dev.skiff.gateway.proxy;

import dev.skiff.gateway.provider.Endpoints;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Forwards one call to a running replica and streams the answer back. Bodies are never held whole: the
 * request body is piped to the replica as it arrives and the answer piped to the caller as it comes.
 */
public final class Proxy {
    // RFC 9110 hop-by-hop headers: they describe one connection, not the message.
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "http2-settings");

    private static final java.time.Duration RETRY_PAUSE = java.time.Duration.ofMillis(50);

    private final Endpoints endpoints;
    private final RoundRobin balancer;
    private final WebClient client;
    private final java.time.Duration replicaWait;

    public Proxy(Endpoints endpoints, RoundRobin balancer, WebClient client, java.time.Duration replicaWait) {
        this.endpoints = endpoints;
        this.balancer = balancer;
        this.client = client;
        this.replicaWait = replicaWait;
    }

    /**
     * Forwards the call. When no replica takes it (none running yet, or all refusing the connection
     * because they are still starting) and nothing of the body was read, it waits for one up to
     * {@code replicaWait}, then throws {@link NoReplicaException}.
     */
    public void forward(Call call, ServerRequest request, ServerResponse response) {
        long deadline = System.nanoTime() + replicaWait.toNanos();
        var body = new BodyGuard(request);
        while (true) {
            var replicas = endpoints.endpoints(call.function());
            if (!replicas.isEmpty() && tryReplicas(call, replicas, request, response, body)) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw replicas.isEmpty() ? NoReplicaException.none(call.function())
                        : NoReplicaException.unreachable(call.function());
            }
            pause();
        }
    }

    /** Tries each replica once, round-robin; false when every one refused the connection. */
    private boolean tryReplicas(Call call, List<InetSocketAddress> replicas, ServerRequest request,
                                ServerResponse response, BodyGuard body) {
        int start = balancer.start(call.function(), replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            var replica = replicas.get((start + i) % replicas.size());
            try (HttpClientResponse answer = send(call, replica, request, body)) {
                relay(answer, request, response);
                return true;
            } catch (UncheckedIOException e) {
                if (!isRefused(e) || body.consumed()) {
                    throw failure(call, e);
                }
                // Nothing was sent: this replica is gone or not yet listening, so another one may take it.
                endpoints.reportUnreachable(call.function(), replica);
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a replica", e);
        }
    }

    private HttpClientResponse send(Call call, InetSocketAddress replica, ServerRequest request, BodyGuard body) {
        var outbound = client.method(Method.create(request.prologue().method().text()))
                .uri(java.net.URI.create("http://" + replica.getAddress().getHostAddress() + ":" + replica.getPort()
                        + call.target()));
        for (Header header : request.headers()) {
            if (!HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
                outbound.header(header);
            }
        }
        call.addedHeaders().forEach((name, value) -> outbound.header(HeaderNames.create(name), value));
        if (!request.content().hasEntity()) {
            return outbound.request();
        }
        return outbound.outputStream(out -> {
            body.transferTo(out);
            out.close();
        });
    }

    private static void relay(HttpClientResponse answer, ServerRequest request, ServerResponse response)
            throws UncheckedIOException {
        response.status(answer.status());
        for (Header header : answer.headers()) {
            if (!HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
                response.header(header);
            }
        }
        if (!answer.headers().contains(HeaderNames.CONTENT_TYPE)) {
            response.header(HeaderNames.CONTENT_TYPE,
                    request.headers().first(HeaderNames.CONTENT_TYPE).orElse("text/plain"));
        }
        if (request.prologue().method() == Method.HEAD || answer.status() == Status.NO_CONTENT_204
                || answer.status() == Status.NOT_MODIFIED_304) {
            response.send();
            return;
        }
        try (var in = answer.inputStream(); var out = response.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the connection itself failed (refused, no route, connect timeout): then nothing was sent. */
    private static boolean isRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof java.net.NoRouteToHostException) {
                return true;
            }
            if (cause instanceof SocketTimeoutException && cause.getMessage() != null
                    && cause.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException failure(Call call, UncheckedIOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new UpstreamTimeoutException(call.function(), e);
            }
        }
        return e;
    }

    /** The request body, remembering whether any of it was read: a call can move to another replica only before. */
    private static final class BodyGuard {
        private final ServerRequest request;
        private volatile boolean consumed;

        BodyGuard(ServerRequest request) {
            this.request = request;
        }

        void transferTo(java.io.OutputStream out) throws IOException {
            consumed = true;
            request.content().inputStream().transferTo(out);
        }

        boolean consumed() {
            return consumed;
        }
    }
}

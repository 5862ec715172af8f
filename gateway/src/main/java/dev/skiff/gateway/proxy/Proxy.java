package dev.skiff.gateway.proxy;

import dev.skiff.gateway.provider.Endpoints;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientProtocolConfig;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Forwards one call to a running replica and streams the answer back. Bodies are never held whole beyond
 * {@value #BUFFERED_BODY_LIMIT} bytes: larger request bodies are piped to the replica as they arrive and
 * larger answers piped to the caller as they come, flushed whenever the replica pauses, so that event
 * streams reach the caller as written.
 *
 * <p>A call moves to another replica only while nothing of it was sent: when a replica refuses the
 * connection (it is reported to the provider and skipped for {@link #REFUSED_PAUSE}), and once on a fresh
 * connection when a reused keep-alive connection turns out dead before any answer came back.
 */
public final class Proxy implements AutoCloseable {
    /** Request and answer bodies up to this size are read whole: one write each way, and a call that can be replayed. */
    static final int BUFFERED_BODY_LIMIT = 64 * 1024;
    private static final int STREAM_BUFFER = 32 * 1024;
    // RFC 9110 hop-by-hop headers: they describe one connection, not the message. Lower case, as Helidon keeps names.
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "http2-settings");
    private static final io.helidon.webclient.api.Proxy NO_PROXY = io.helidon.webclient.api.Proxy.noProxy();
    private static final HeaderName INTERNAL = HeaderNames.create("X-OpenFaaS-Internal");
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);
    static final Duration REFUSED_PAUSE = Duration.ofSeconds(1);
    // A pooled connection idle this long before a call failed on it is taken as closed by the replica.
    static final Duration STALE_AFTER = Duration.ofMillis(500);
    // A streamed upload cannot be replayed, so it only goes on a connection that was just in use.
    private static final Duration STREAMED_BODY_FRESHNESS = Duration.ofSeconds(1);

    private final Endpoints endpoints;
    private final RoundRobin balancer;
    private final Http1Client http;
    private final UpstreamPool pool;
    private final CircuitBreakers breakers;
    private final Refusals refusals = new Refusals(REFUSED_PAUSE);
    private final FunctionTimeouts timeouts;
    private final ProxySettings settings;

    /** @param client supplies the connect timeout and socket options; its own connection cache is not used */
    public Proxy(Endpoints endpoints, RoundRobin balancer, WebClient client, ProxySettings settings) {
        this.endpoints = endpoints;
        this.balancer = balancer;
        // Headers from and to our own replicas were validated when the caller's request was parsed, and the
        // watchdog writes its own; validating them again costs a scan of every header per call.
        this.http = client.client(Http1Client.PROTOCOL, Http1ClientProtocolConfig.builder()
                .validateRequestHeaders(false)
                .validateResponseHeaders(false)
                .build());
        this.pool = new UpstreamPool(client, settings.idleTimeout(), settings.maxIdlePerReplica());
        this.breakers = new CircuitBreakers(settings);
        this.timeouts = new FunctionTimeouts(endpoints, settings.upstreamTimeout());
        this.settings = settings;
    }

    /** Throws {@link dev.skiff.gateway.provider.FunctionNotFoundException} unless the provider knows the function. */
    public void requireFunction(String function) {
        endpoints.endpoints(function);
    }

    /**
     * Forwards the call. When no replica takes it (none running yet, or all refusing the connection because
     * they are still starting) and nothing of the body was read, it waits for one up to the replica wait, then
     * throws {@link NoReplicaException}; when the function's circuit is open it throws one at once.
     */
    public void forward(Call call, ServerRequest request, ServerResponse response) {
        var breaker = breakers.of(call.function());
        if (!breaker.tryAcquirePermission()) {
            throw NoReplicaException.circuitOpen(call.function(), settings.breakerOpenFor());
        }
        long started = System.nanoTime();
        try {
            var answered = forwardToReplica(call, request, response);
            if (answered.down()) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, new FunctionDownAnswer(answered));
            } else {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        } catch (CallerGoneException e) {
            breaker.releasePermission();
            throw e;
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    private Answered forwardToReplica(Call call, ServerRequest request, ServerResponse response) {
        long deadline = System.nanoTime() + settings.replicaWait().toNanos();
        var body = RequestBody.of(request, BUFFERED_BODY_LIMIT);
        var timeout = timeouts.of(call.function());
        while (true) {
            var replicas = endpoints.endpoints(call.function());
            if (!replicas.isEmpty()) {
                var answered = tryReplicas(call, replicas, request, response, body, timeout);
                if (answered != null) {
                    return answered;
                }
            }
            if (System.nanoTime() >= deadline) {
                throw replicas.isEmpty() ? NoReplicaException.none(call.function())
                        : NoReplicaException.unreachable(call.function());
            }
            pause();
        }
    }

    /** Tries each replica once, round-robin, recently refusing ones last; null when every one refused. */
    private Answered tryReplicas(Call call, List<InetSocketAddress> replicas, ServerRequest request,
                                 ServerResponse response, RequestBody body, Duration timeout) {
        int start = balancer.start(call.function(), replicas.size());
        int size = replicas.size();
        // First pass skips replicas that refused a moment ago; the second tries them too, as they may be starting.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < size; i++) {
                var replica = replicas.get((start + i) % size);
                if (refusals.recent(replica) != (pass == 1)) {
                    continue;
                }
                var answered = tryReplica(call, replica, request, response, body, timeout);
                if (answered != null) {
                    return answered;
                }
                if (body.consumed()) {
                    throw NoReplicaException.unreachable(call.function());
                }
            }
        }
        return null;
    }

    /** One replica: null when it refused the connection (nothing was sent). */
    private Answered tryReplica(Call call, InetSocketAddress replica, ServerRequest request, ServerResponse response,
                                RequestBody body, Duration timeout) {
        var lease = connect(call, replica, body.streamed() ? STREAMED_BODY_FRESHNESS : settings.idleTimeout(), false);
        if (lease == null) {
            return null;
        }
        HttpClientResponse answer;
        try {
            answer = send(call, replica, lease, request, body, timeout);
        } catch (RuntimeException e) {
            lease.connection().closeResource();
            if (!mayRetry(request, lease, body, e)) {
                throw failure(call, e);
            }
            // A keep-alive connection the replica had already closed: nothing reached the function. Once more,
            // on a new connection.
            lease = connect(call, replica, Duration.ZERO, true);
            if (lease == null) {
                return null;
            }
            try {
                answer = send(call, replica, lease, request, body, timeout);
            } catch (RuntimeException again) {
                lease.connection().closeResource();
                throw failure(call, again);
            }
        }
        try (var answering = answer) {
            return relay(answering, lease, request, response);
        }
    }

    /**
     * Whether a call that failed before any answer may be sent again on a new connection: only when it failed
     * on a reused keep-alive connection (a fresh one failing means the replica did), its body can be sent
     * again, it did not time out, and either its method is idempotent or the connection had been idle for
     * {@link #STALE_AFTER}. A connection in steady use that breaks means the replica died with the call, which
     * may have run: a POST is then not repeated elsewhere. One idle for a while was most likely closed by
     * the replica before the call reached it.
     */
    private static boolean mayRetry(ServerRequest request, UpstreamPool.Lease lease, RequestBody body,
                                    RuntimeException e) {
        if (!lease.reused() || !body.replayable() || isTimeout(e)) {
            return false;
        }
        var method = request.prologue().method();
        return method == Method.GET || method == Method.HEAD || method == Method.OPTIONS || method == Method.PUT
                || method == Method.DELETE || lease.idleNanos() >= STALE_AFTER.toNanos();
    }

    /** A connection to the replica, or null when it refused: then it is reported and skipped for a moment. */
    private UpstreamPool.Lease connect(Call call, InetSocketAddress replica, Duration freshWithin, boolean fresh) {
        try {
            return fresh ? pool.connectFresh(replica) : pool.acquire(replica, freshWithin);
        } catch (RuntimeException e) {
            if (!isRefused(e)) {
                throw e;
            }
            refusals.add(replica);
            pool.evict(replica);
            endpoints.reportUnreachable(call.function(), replica);
            return null;
        }
    }

    private HttpClientResponse send(Call call, InetSocketAddress replica, UpstreamPool.Lease lease,
                                    ServerRequest request, RequestBody body, Duration timeout) {
        var outbound = http.method(request.prologue().method())
                .connection(lease.connection())
                // Replicas are on the functions network: no proxy, and no per-call look at the system's proxy settings.
                .proxy(NO_PROXY)
                .uri(URI.create("http://" + replica.getAddress().getHostAddress() + ":" + replica.getPort()
                        + call.target()))
                .readTimeout(timeout)
                .headers(headers -> {
                    for (Header header : request.headers()) {
                        if (!HOP_BY_HOP.contains(header.headerName().lowerCase())) {
                            headers.set(header);
                        }
                    }
                    // TE is hop-by-hop, but "trailers" in it asks for the trailers the proxy passes on.
                    if (request.headers().contains(HeaderValues.TE_TRAILERS)) {
                        headers.set(HeaderValues.TE_TRAILERS);
                    }
                    for (Header header : call.addedHeaders()) {
                        headers.set(header);
                    }
                });
        return switch (body.kind()) {
            case NONE -> outbound.request();
            case BUFFERED -> outbound.submit(body.bytes());
            case STREAMED -> outbound.outputStream(out -> {
                body.transferTo(out);
                out.close();
            });
        };
    }

    /** Sends the replica's answer to the caller, streamed unless small. */
    private static Answered relay(HttpClientResponse answer, UpstreamPool.Lease lease, ServerRequest request,
                                  ServerResponse response) {
        var status = answer.status();
        var headers = answer.headers();
        response.status(status);
        for (Header header : headers) {
            if (!HOP_BY_HOP.contains(header.headerName().lowerCase())) {
                response.header(header);
            }
        }
        if (!headers.contains(HeaderNames.CONTENT_TYPE)) {
            response.header(HeaderNames.CONTENT_TYPE,
                    request.headers().first(HeaderNames.CONTENT_TYPE).orElse("text/plain"));
        }
        boolean trailers = headers.contains(HeaderNames.TRAILER);
        if (trailers) {
            response.header(headers.get(HeaderNames.TRAILER));
        }
        var answered = new Answered(status.code(), headers.contains(INTERNAL));
        if (request.prologue().method() == Method.HEAD || status == Status.NO_CONTENT_204
                || status == Status.NOT_MODIFIED_304) {
            response.send();
            return answered;
        }
        long length = contentLength(headers);
        try (var in = answer.inputStream()) {
            if (length >= 0 && length <= BUFFERED_BODY_LIMIT && !trailers) {
                var bytes = in.readNBytes((int) length);
                sendToCaller(lease, () -> {
                    response.send(bytes);
                    return null;
                });
            } else {
                stream(in, lease, response, trailers ? answer : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answered;
    }

    /**
     * The Content-Length, -1 when absent or unreadable. Read directly: Helidon's {@code contentLength()} goes
     * through its generic value mappers, a measurable share of a proxied call.
     */
    static long contentLength(io.helidon.http.Headers headers) {
        var header = headers.contains(HeaderNames.CONTENT_LENGTH) ? headers.get(HeaderNames.CONTENT_LENGTH) : null;
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.get());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Copies the answer as it comes, flushing to the caller whenever the replica has nothing more ready. */
    private static void stream(InputStream in, UpstreamPool.Lease lease, ServerResponse response,
                               HttpClientResponse withTrailers) throws IOException {
        var out = sendToCaller(lease, response::outputStream);
        var buffer = new byte[STREAM_BUFFER];
        int read;
        while ((read = in.read(buffer)) != -1) {
            int n = read;
            boolean flush = in.available() == 0;
            sendToCaller(lease, () -> {
                out.write(buffer, 0, n);
                if (flush) {
                    out.flush();
                }
                return null;
            });
        }
        if (withTrailers != null) {
            // The body has been read to its end, so the replica's trailers are in; they go out after ours.
            for (Header trailer : withTrailers.trailers()) {
                response.trailers().set(trailer);
            }
        }
        sendToCaller(lease, () -> {
            out.close();
            return null;
        });
    }

    private interface CallerWrite<T> {
        T run() throws IOException;
    }

    /**
     * Runs a write to the caller; when the caller is gone, closes the connection to the replica so that the
     * function's call is cancelled too, and throws {@link CallerGoneException}.
     */
    private static <T> T sendToCaller(UpstreamPool.Lease lease, CallerWrite<T> write) {
        try {
            return write.run();
        } catch (IOException | UncheckedIOException e) {
            lease.connection().closeResource();
            throw new CallerGoneException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a replica", e);
        }
    }

    /** Whether the connection itself failed (refused, no route, connect timeout): then nothing was sent. */
    private static boolean isRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return true;
            }
            if (cause instanceof SocketTimeoutException && cause.getMessage() != null
                    && cause.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** What a call that got no answer from its replica becomes: 502 on a timeout, else 500 unreachable. */
    private static RuntimeException failure(Call call, RuntimeException e) {
        return isTimeout(e) ? new UpstreamTimeoutException(call.function(), e) : NoReplicaException.broken(call.function(), e);
    }

    /**
     * The function's replicas in the order a call tries them: round robin, recently refusing ones last. Throws
     * {@link dev.skiff.gateway.provider.FunctionNotFoundException} unless the provider knows the function; empty
     * when it has no ready replica. For the event-loop front, which shares this proxy's balancer, refusals,
     * circuit breakers and timeouts so that both paths see one state per function.
     */
    public List<InetSocketAddress> replicasInTurn(String function) {
        var replicas = endpoints.endpoints(function);
        int size = replicas.size();
        if (size <= 1) {
            return replicas;
        }
        int start = balancer.start(function, size);
        var ordered = new java.util.ArrayList<InetSocketAddress>(size);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < size; i++) {
                var replica = replicas.get((start + i) % size);
                if (refusals.recent(replica) == (pass == 1)) {
                    ordered.add(replica);
                }
            }
        }
        return ordered;
    }

    /** A replica refused a connection: skipped for a moment, its pooled connections closed, the provider told. */
    public void refused(String function, InetSocketAddress replica) {
        refusals.add(replica);
        pool.evict(replica);
        endpoints.reportUnreachable(function, replica);
    }

    /** The function's circuit breaker (the one {@link #forward} uses). */
    public CircuitBreaker breaker(String function) {
        return breakers.of(function);
    }

    /** The function's upstream timeout: its annotation, else {@code upstream_timeout}. */
    public Duration timeout(String function) {
        return timeouts.of(function);
    }

    public ProxySettings settings() {
        return settings;
    }

    /**
     * Records an answer on the function's breaker: one that says the function is down (502, 503, 504, or 500
     * from the watchdog itself) counts as a failure, any other as a success.
     */
    public static void recordAnswer(CircuitBreaker breaker, int status, boolean fromWatchdog, long nanos) {
        var answered = new Answered(status, fromWatchdog);
        if (answered.down()) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new FunctionDownAnswer(answered));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        pool.close();
    }

    /** The status a replica answered, and whether the watchdog itself said so (not the function). */
    private record Answered(int status, boolean fromWatchdog) {
        /** The function is down rather than answering: what the circuit breaker counts. */
        boolean down() {
            return status == 502 || status == 503 || status == 504 || (status == 500 && fromWatchdog);
        }
    }

    /** What the circuit breaker records for an answer that says the function is down. */
    private static final class FunctionDownAnswer extends RuntimeException {
        FunctionDownAnswer(Answered answered) {
            super("replica answered " + answered.status(), null, false, false);
        }
    }
}

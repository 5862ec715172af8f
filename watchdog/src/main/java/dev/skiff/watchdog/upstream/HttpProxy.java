package dev.skiff.watchdog.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code mode=http} (of-watchdog executor/http_runner.go): sends each call to the function's own
 * server at {@code upstream_url} with the same method, path, query, headers and body, and streams the
 * answer back with X-Duration-Seconds added. 504 when the upstream does not answer within the exec
 * timeout, 500 when it cannot be reached; both tagged {@code X-OpenFaaS-Internal: of-watchdog}. With
 * {@code buffer_http} the whole body is read first and sent with a Content-Length (for upstreams that
 * cannot read a chunked body).
 */
public final class HttpProxy implements FunctionRunner, AutoCloseable {

    /** Bodies up to this size are read first, so a call can be sent again after a stale connection. */
    private static final int REPLAYABLE_BODY = 64 * 1024;
    /** The upstream is on loopback or in the same container: a connect takes microseconds or fails. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final int CHUNK = 16 * 1024;
    /** A readiness check is polled often; an upstream that takes longer than this is not ready. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(1);

    private final String base;
    private final UpstreamProcess upstream;
    private final Duration execTimeout;
    private final Duration writeTimeout;
    private final WebClient client;
    private final UpstreamConnections connections;
    private final BodyLimit bodyLimit;
    private final boolean bufferBody;

    /**
     * @param writeTimeout the limit when exec_timeout is off, so no call to the upstream waits forever
     * @param bodyLimit    {@code max_request_bytes}
     * @param bufferBody   {@code buffer_http}: read every body whole before sending it
     */
    public HttpProxy(URI upstreamUrl, UpstreamProcess upstream, Duration execTimeout, Duration writeTimeout,
                     BodyLimit bodyLimit, boolean bufferBody) {
        this.bodyLimit = bodyLimit;
        this.bufferBody = bufferBody;
        String url = upstreamUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.upstream = upstream;
        this.execTimeout = execTimeout;
        this.writeTimeout = writeTimeout;
        this.client = WebClient.builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(false)
                .sendExpectContinue(false)
                .servicesDiscoverServices(false)
                .build();
        this.connections = new UpstreamConnections(client, upstreamUrl, UpstreamConnections.MAX_IDLE);
    }

    @Override
    public void run(ServerRequest request, ServerResponse response) throws IOException {
        Stopwatch watch = Stopwatch.start();
        Duration limit = ExecTimeout.of(execTimeout, request);
        Duration wait = limit.isZero() ? writeTimeout : limit;
        // Right after start or a restart the upstream may not listen yet: hold the call, do not fail it.
        if (!upstream.awaitAnswering(wait)) {
            WatchdogError.UPSTREAM_DOWN.send(response, "Can't reach the function's server at " + base
                    + ": it did not start listening within " + GoDuration.format(wait) + "; see its log lines.\n");
            return;
        }
        Body body = Body.of(request, bodyLimit, bufferBody);
        HttpClientResponse answer;
        try {
            answer = send(request, body, wait);
        } catch (RuntimeException e) {
            if (BodyLimit.causedBy(e)) {
                throw new BodyLimit.TooLarge(bodyLimit.maxBytes());
            }
            fail(response, e, wait);
            return;
        }
        try (answer) {
            relay(answer, response, watch, hasBody(request, answer));
        }
    }

    /**
     * True if the upstream answers 2xx to a GET of {@code path} within {@link #READY_TIMEOUT}: /_/ready
     * when {@code ready_path} is set. On a connection of its own, closed after, so the pool only ever
     * holds connections that calls used.
     */
    public boolean readyAt(String path) {
        try (HttpClientResponse answer = client.get(base + path)
                .skipUriEncoding(true)
                .keepAlive(false)
                .readTimeout(READY_TIMEOUT)
                .request()) {
            int code = answer.status().code();
            return code >= 200 && code < 300;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** HEAD answers and 1xx, 204 and 304 carry no body, whatever their Content-Length says. */
    private static boolean hasBody(ServerRequest request, HttpClientResponse answer) {
        int code = answer.status().code();
        return request.prologue().method() != Method.HEAD && code >= 200 && code != 204 && code != 304;
    }

    /**
     * Sends the call on a pooled connection. If that fails before any answer and the connection had
     * been idle in the pool, the upstream most likely closed it as we picked it up, so the call never
     * reached it: send it once more on a new connection, if the body can be sent again.
     */
    private HttpClientResponse send(ServerRequest request, Body body, Duration wait) {
        UpstreamConnections.Lease lease = connections.acquire();
        try {
            return attempt(request, body, lease.connection(), wait);
        } catch (RuntimeException e) {
            lease.connection().closeResource();
            if (!lease.reused() || !body.replayable() || timedOut(e)) {
                throw e;
            }
            return attempt(request, body, connections.open(), wait);
        }
    }

    private HttpClientResponse attempt(ServerRequest request, Body body, TcpClientConnection connection,
                                       Duration wait) {
        String query = request.query().rawValue();
        String target = base + request.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
        HttpClientRequest call = client.method(request.prologue().method())
                .uri(target)
                .skipUriEncoding(true)
                .connection(connection)
                .readTimeout(wait)
                .headers(headers -> ProxyHeaders.toUpstream(request, headers));
        return body.sendWith(call);
    }

    private void relay(HttpClientResponse answer, ServerResponse response, Stopwatch watch, boolean hasBody)
            throws IOException {
        response.status(answer.status());
        ProxyHeaders.toCaller(answer.headers(), response);
        response.header(Stopwatch.X_DURATION_SECONDS, watch.seconds());
        if (!hasBody) {
            response.send();
            return;
        }
        try (InputStream in = answer.inputStream(); OutputStream out = response.outputStream()) {
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.read(chunk)) != -1) {
                out.write(chunk, 0, n);
                // Flush when nothing more is waiting, so a streaming upstream is passed on as it writes.
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
    }

    private void fail(ServerResponse response, RuntimeException e, Duration wait) {
        if (timedOut(e)) {
            WatchdogError.EXEC_TIMEOUT.send(response, "The function's server did not answer within "
                    + GoDuration.format(wait)
                    + " (exec_timeout or X-Timeout).\n");
        } else {
            WatchdogError.UPSTREAM_DOWN.send(response, "Can't reach the function's server at " + base
                    + ": " + e.getMessage() + "\n");
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Closes the idle upstream connections. */
    @Override
    public void close() {
        connections.closeAll();
    }

    /**
     * The request body as it will be sent upstream: none, read into memory (small, with a length, so
     * it can be sent twice), or streamed straight through.
     */
    private record Body(byte[] bytes, InputStream stream) {

        static Body of(ServerRequest request, BodyLimit limit, boolean buffer) throws IOException {
            if (!request.content().hasEntity()) {
                return new Body(null, null);
            }
            OptionalLong length = request.headers().contentLength();
            InputStream in = limit.body(request);
            if (buffer || (length.isPresent() && length.getAsLong() <= REPLAYABLE_BODY)) {
                return new Body(in.readAllBytes(), null);
            }
            return new Body(null, in);
        }

        boolean replayable() {
            return stream == null;
        }

        HttpClientResponse sendWith(HttpClientRequest call) {
            if (bytes == null && stream == null) {
                return call.request();
            }
            if (bytes != null) {
                return call.submit(bytes); // sent with a Content-Length, as buffer_http promises
            }
            return call.outputStream(out -> {
                stream.transferTo(out);
                out.close();
            });
        }
    }
}

package dev.skiff.watchdog.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import dev.skiff.watchdog.server.Exchanges;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;

/**
 * {@code mode=http} (of-watchdog executor/http_runner.go): sends each call to the function's own
 * server at {@code upstream_url} with the same method, path, query, headers and body, and streams the
 * answer back with X-Duration-Seconds added. 504 when the upstream does not answer within the exec
 * timeout, 500 when it cannot be reached; both tagged {@code X-OpenFaaS-Internal: of-watchdog}. With
 * {@code buffer_http} the whole body is read first and sent with a Content-Length (for upstreams that
 * cannot read a chunked body).
 *
 * <p>The client is Helidon's blocking WebClient, on the call's own virtual thread. The JDK's
 * java.net.http hands every call between its selector thread, an executor thread and the caller (6-8
 * wake-ups a call), which added ~0.8 ms p50 per call against ~0.25 ms with this one (watchdog/README.md).
 */
public final class HttpProxy implements FunctionRunner, AutoCloseable {

    /** Bodies up to this size are read first, so a call can be sent again after a stale connection. */
    private static final int REPLAYABLE_BODY = 64 * 1024;
    /**
     * The upstream is on loopback: a connect takes microseconds, or is refused at once when nothing listens.
     * It only waits when the upstream's listen backlog is full: the kernel drops the SYN and sends it again
     * after 1 s, so a shorter limit turns a busy upstream into failed calls (a 1 s limit gave ~0.3% 504s
     * at 1,600 calls/s to busybox httpd).
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
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
    public void run(HttpExchange exchange) throws IOException {
        Stopwatch watch = Stopwatch.start();
        Duration limit = ExecTimeout.of(execTimeout, exchange);
        Duration wait = limit.isZero() ? writeTimeout : limit;
        // Right after start or a restart the upstream may not listen yet: hold the call, do not fail it.
        if (!upstream.awaitAnswering(wait)) {
            WatchdogError.UPSTREAM_DOWN.send(exchange, "Can't reach the function's server at " + base
                    + ": it did not start listening within " + GoDuration.format(wait) + "; see its log lines.\n");
            return;
        }
        Body body = Body.of(exchange, bodyLimit, bufferBody);
        HttpClientResponse answer;
        try {
            answer = send(exchange, body, wait);
        } catch (RuntimeException e) {
            if (BodyLimit.causedBy(e)) {
                throw new BodyLimit.TooLarge(bodyLimit.maxBytes());
            }
            fail(exchange, e, wait);
            return;
        }
        try (answer) {
            relay(answer, exchange, watch);
        }
    }

    /**
     * True if the upstream answers 2xx to a GET of {@code path} within {@link #READY_TIMEOUT}: /_/ready
     * when {@code ready_path} is set. On a connection of its own, closed after, so the pool only ever
     * holds connections that calls used.
     */
    public boolean readyAt(String path) {
        try (HttpClientResponse answer = client.get(base + path).skipUriEncoding(true).keepAlive(false)
                .readTimeout(READY_TIMEOUT).request()) {
            int code = answer.status().code();
            return code >= 200 && code < 300;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Sends the call on a pooled connection. If that fails before any answer and the connection had
     * been idle in the pool, the upstream most likely closed it as we picked it up, so the call never
     * reached it: send it once more on a new connection, if the body can be sent again.
     */
    private HttpClientResponse send(HttpExchange exchange, Body body, Duration wait) {
        UpstreamConnections.Lease lease = connections.acquire();
        try {
            return attempt(exchange, body, lease.connection(), wait);
        } catch (RuntimeException e) {
            lease.connection().closeResource();
            if (!lease.reused() || !body.replayable() || timedOut(e)) {
                throw e;
            }
            return attempt(exchange, body, connections.open(), wait);
        }
    }

    private HttpClientResponse attempt(HttpExchange exchange, Body body, TcpClientConnection connection,
                                       Duration wait) {
        String query = exchange.getRequestURI().getRawQuery();
        String target = base + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        HttpClientRequest call = client.method(Method.create(exchange.getRequestMethod()))
                .uri(target).skipUriEncoding(true).connection(connection).readTimeout(wait)
                .headers(headers -> ProxyHeaders.toUpstream(exchange, headers));
        return body.sendWith(call);
    }

    private void relay(HttpClientResponse answer, HttpExchange exchange, Stopwatch watch) throws IOException {
        ProxyHeaders.toCaller(answer.headers(), exchange);
        exchange.getResponseHeaders().set(Stopwatch.X_DURATION_SECONDS, watch.seconds());
        int code = answer.status().code();
        // HEAD answers and 1xx, 204 and 304 carry no body, whatever their Content-Length says.
        if (Exchanges.isHead(exchange) || code < 200 || code == 204 || code == 304) {
            answer.headers().contentLength().ifPresent(length ->
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length)));
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        long length = answer.headers().contentLength().orElse(-1);
        exchange.sendResponseHeaders(code, length == 0 ? -1 : length > 0 ? length : 0);
        try (InputStream in = answer.inputStream(); OutputStream out = exchange.getResponseBody()) {
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

    private void fail(HttpExchange exchange, RuntimeException e, Duration wait) throws IOException {
        if (timedOut(e)) {
            WatchdogError.EXEC_TIMEOUT.send(exchange, "The function's server did not answer within "
                    + GoDuration.format(wait) + " (exec_timeout or X-Timeout).\n");
        } else {
            WatchdogError.UPSTREAM_DOWN.send(exchange, "Can't reach the function's server at " + base
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

        static Body of(HttpExchange exchange, BodyLimit limit, boolean buffer) throws IOException {
            if (!Exchanges.hasBody(exchange)) {
                return new Body(null, null);
            }
            OptionalLong length = Exchanges.contentLength(exchange);
            InputStream in = limit.body(exchange);
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

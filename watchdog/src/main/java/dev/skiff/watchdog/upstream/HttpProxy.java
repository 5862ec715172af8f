package dev.skiff.watchdog.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.ExecTimeout;
import dev.skiff.watchdog.function.FunctionRunner;
import dev.skiff.watchdog.function.Stopwatch;
import dev.skiff.watchdog.function.WatchdogError;
import dev.skiff.watchdog.server.Exchanges;

/**
 * {@code mode=http} (of-watchdog executor/http_runner.go): sends each call to the function's own
 * server at {@code upstream_url} with the same method, path, query, headers and body, and streams the
 * answer back with X-Duration-Seconds added. 504 when the upstream does not answer within the exec
 * timeout, 500 when it cannot be reached; both tagged {@code X-OpenFaaS-Internal: of-watchdog}. With
 * {@code buffer_http} the whole body is read first and sent with a Content-Length (for upstreams that
 * cannot read a chunked body).
 *
 * <p>The client is the JDK's ({@code java.net.http}), HTTP/1.1, which keeps the upstream connections
 * alive between calls and drops those idle longer than 4 s ({@code jdk.httpclient.keepalive.timeout},
 * below Node's 5 s keep-alive; set by server.JdkHttpSettings), and sends a call once more on a new
 * connection when a pooled one turns out closed before any answer (a keep-alive race), if its body
 * can be sent again.
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
    private final HttpClient client;
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
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        HttpRequest call = request(exchange, wait);
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(call, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | UncheckedIOException e) {
            if (BodyLimit.causedBy(e)) {
                throw new BodyLimit.TooLarge(bodyLimit.maxBytes());
            }
            fail(exchange, e, wait);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the upstream", e);
        }
        try (InputStream body = answer.body()) {
            relay(answer, body, exchange, watch);
        }
    }

    /**
     * True if the upstream answers 2xx to a GET of {@code path} within {@link #READY_TIMEOUT}: /_/ready
     * when {@code ready_path} is set.
     */
    public boolean readyAt(String path) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base + path)).timeout(READY_TIMEOUT).GET().build();
        try {
            int code = client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            return code >= 200 && code < 300;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest request(HttpExchange exchange, Duration wait) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(base + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(wait)
                .method(exchange.getRequestMethod(), body(exchange));
        ProxyHeaders.toUpstream(exchange, builder);
        return builder.build();
    }

    /**
     * The request body as it will be sent upstream: none, read into memory (small with a length, or
     * buffer_http: sent with a Content-Length, and again if the first connection was stale), or
     * streamed through chunked, which can be sent only once.
     */
    private HttpRequest.BodyPublisher body(HttpExchange exchange) throws IOException {
        if (!Exchanges.hasBody(exchange)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        OptionalLong length = Exchanges.contentLength(exchange);
        InputStream in = bodyLimit.body(exchange);
        if (bufferBody || (length.isPresent() && length.getAsLong() <= REPLAYABLE_BODY)) {
            return HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes());
        }
        return HttpRequest.BodyPublishers.ofInputStream(once(in));
    }

    /** The stream the first time; a second send (the client's stale-connection retry) fails instead. */
    private static Supplier<InputStream> once(InputStream in) {
        AtomicBoolean taken = new AtomicBoolean();
        return () -> {
            if (taken.getAndSet(true)) {
                throw new UncheckedIOException(new IOException(
                        "the upstream closed the connection, and a streamed body cannot be sent twice"));
            }
            return in;
        };
    }

    private void relay(HttpResponse<InputStream> answer, InputStream in, HttpExchange exchange, Stopwatch watch)
            throws IOException {
        ProxyHeaders.toCaller(answer.headers(), exchange);
        exchange.getResponseHeaders().set(Stopwatch.X_DURATION_SECONDS, watch.seconds());
        int code = answer.statusCode();
        // HEAD answers and 1xx, 204 and 304 carry no body, whatever their Content-Length says.
        if (Exchanges.isHead(exchange) || code < 200 || code == 204 || code == 304) {
            answer.headers().firstValue("Content-Length")
                    .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
        exchange.sendResponseHeaders(code, length == 0 ? -1 : length > 0 ? length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
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

    private void fail(HttpExchange exchange, Exception e, Duration wait) throws IOException {
        if (e instanceof HttpTimeoutException) {
            WatchdogError.EXEC_TIMEOUT.send(exchange, "The function's server did not answer within "
                    + GoDuration.format(wait) + " (exec_timeout or X-Timeout).\n");
        } else {
            WatchdogError.UPSTREAM_DOWN.send(exchange, "Can't reach the function's server at " + base
                    + ": " + e + "\n");
        }
    }

    /** Lets go of the upstream connections. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}

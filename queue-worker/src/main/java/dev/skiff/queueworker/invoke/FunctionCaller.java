package dev.skiff.queueworker.invoke;

import dev.skiff.api.async.QueueRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Calls a queued call's function through the gateway, {@code GATEWAY/function/NAME[PATH][?QUERY]}, with the
 * caller's method and headers: the gateway counts it in its metrics, and wakes a function scaled to zero.
 */
public final class FunctionCaller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final String USER_AGENT = "skiff-queue-worker";

    private final URI gateway;
    private final Duration timeout;
    private final HttpClient http;

    /** @param http the worker's client ({@link #httpClient()}), shared with the callbacks */
    public FunctionCaller(HttpClient http, URI gateway, Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
        this.http = http;
    }

    /**
     * The worker's one HTTP client, for function calls and callbacks alike: HTTP/1.1, redirects passed back
     * to the caller rather than followed, as the gateway does.
     */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public FunctionAnswer call(QueueRequest request) {
        var uri = URI.create(gateway + "/function/" + request.function() + request.path()
                + (request.queryString().isEmpty() ? "" : "?" + request.queryString()));
        var builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        Headers.copy(request.header(), builder);
        builder.setHeader("User-Agent", USER_AGENT);
        long started = System.nanoTime();
        try {
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new FunctionAnswer(response.statusCode(), response.headers().map(), response.body(),
                    seconds(started), null);
        } catch (HttpTimeoutException e) {
            // No answer within upstream_timeout: what the gateway itself answers then.
            return new FunctionAnswer(504, java.util.Map.of(), new byte[0], seconds(started),
                    "no answer within " + timeout);
        } catch (IOException e) {
            return FunctionAnswer.unreachable("cannot reach the gateway at " + gateway + ": " + e, seconds(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FunctionAnswer.unreachable("interrupted", seconds(started));
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

package dev.skiff.queueworker.invoke;

import dev.skiff.api.async.QueueRequest;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls a queued call's function through the gateway, {@code GATEWAY/function/NAME[PATH][?QUERY]}, with the
 * caller's method and headers: the gateway counts it in its metrics, and wakes a function scaled to zero.
 *
 * <p>Helidon's blocking client, on the call's own virtual thread, over its keep-alive connections to the
 * gateway: java.net.http handed every call between its selector thread, an executor thread and the
 * caller, and those hand-offs were about 40% of the worker's CPU per call.
 */
public final class FunctionCaller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final String USER_AGENT = "skiff-queue-worker";

    private final String gateway;
    private final Duration timeout;
    private final Http1Client http;

    public FunctionCaller(URI gateway, Duration timeout) {
        var base = gateway.toString();
        this.gateway = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
        // HTTP/1.1 only: WebClient's generic client looks for the protocol on every call (6% of JFR's
        // samples; no difference bench/async/drain could measure, but nothing to look for).
        this.http = Http1Client.builder()
                .connectTimeout(CONNECT_TIMEOUT)
                // Redirects are passed back to the caller, as the gateway does.
                .followRedirects(false)
                .sendExpectContinue(false)
                .servicesDiscoverServices(false)
                .build();
    }

    public FunctionAnswer call(QueueRequest request) {
        var uri = gateway + "/function/" + request.function() + request.path()
                + (request.queryString().isEmpty() ? "" : "?" + request.queryString());
        var call = http.method(Method.create(request.method())).uri(uri).skipUriEncoding(true).readTimeout(timeout)
                .headers(headers -> {
                    Headers.copy(request.header(), (name, values) -> headers.set(HeaderNames.create(name), values));
                    headers.set(HeaderNames.USER_AGENT, USER_AGENT);
                });
        long started = System.nanoTime();
        try (HttpClientResponse response = request.body().length == 0 ? call.request() : call.submit(request.body())) {
            var headers = new LinkedHashMap<String, List<String>>();
            response.headers().forEach(header -> headers.put(header.name(), header.allValues()));
            byte[] body = response.entity().hasEntity() ? response.inputStream().readAllBytes() : new byte[0];
            return new FunctionAnswer(response.status().code(), headers, body, seconds(started), null);
        } catch (IOException | UncheckedIOException e) {
            var cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            if (cause instanceof SocketTimeoutException) {
                // No answer within upstream_timeout: what the gateway itself answers then.
                return new FunctionAnswer(504, Map.of(), new byte[0], seconds(started), "no answer within " + timeout);
            }
            return FunctionAnswer.unreachable("cannot reach the gateway at " + gateway + ": " + cause, seconds(started));
        } catch (RuntimeException e) {
            // Helidon reports a refused or broken connection as an unchecked exception of its own.
            return FunctionAnswer.unreachable("cannot reach the gateway at " + gateway + ": " + e, seconds(started));
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

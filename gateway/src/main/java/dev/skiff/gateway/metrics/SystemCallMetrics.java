package dev.skiff.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The provider's HTTP metrics of API.md 6, for the {@code /system/*} API this gateway serves itself (in
 * OpenFaaS the provider behind the gateway serves it): {@code provider_http_requests_total} and
 * {@code provider_http_request_duration_seconds} {code, method, path}. {@code path} is the route, not the
 * raw path ({@code /system/function/{name}}), and unknown routes share {@code /system/other}, so that no
 * caller can add series at will. Counted when the answer is sent, 401s included.
 */
public final class SystemCallMetrics implements Filter {
    static final String REQUESTS = "provider.http.requests";
    static final String DURATION = "provider.http.request.duration";
    private static final Set<String> ROUTES = Set.of("functions", "function", "scale-function", "info", "secrets",
            "logs", "namespaces", "namespace", "alert", "dead-letters");
    private static final Duration[] BUCKETS = InvocationMetrics.bucketDurations();

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Series, Meters> meters = new ConcurrentHashMap<>();

    private record Series(String path, String method, int code) {
    }

    private record Meters(Counter count, Timer duration) {
    }

    public SystemCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        var path = request.path().path();
        if (!path.startsWith("/system/")) {
            chain.proceed();
            return;
        }
        long started = System.nanoTime();
        var route = route(path);
        var method = request.prologue().method().text();
        response.whenSent(() -> {
            var series = meters.computeIfAbsent(new Series(route, method, response.status().code()), this::register);
            series.count().increment();
            series.duration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        });
        chain.proceed();
    }

    /** The route of a {@code /system/} path: its first segment, and {@code /{name}} for anything after it. */
    static String route(String path) {
        var rest = path.substring("/system/".length());
        int slash = rest.indexOf('/');
        var first = slash < 0 ? rest : rest.substring(0, slash);
        if (!ROUTES.contains(first)) {
            return "/system/other";
        }
        return slash < 0 || slash == rest.length() - 1 ? "/system/" + first : "/system/" + first + "/{name}";
    }

    private Meters register(Series series) {
        var code = String.valueOf(series.code());
        return new Meters(
                Counter.builder(REQUESTS)
                        .description("Requests to the system API")
                        .tags("code", code, "method", series.method(), "path", series.path())
                        .register(registry),
                Timer.builder(DURATION)
                        .description("Duration of system API requests")
                        .tags("code", code, "method", series.method(), "path", series.path())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
    }
}

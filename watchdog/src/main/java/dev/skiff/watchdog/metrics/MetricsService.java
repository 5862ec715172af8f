package dev.skiff.watchdog.metrics;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The metrics port's one route.
 * <pre>
 * curl localhost:8081/metrics   # http_requests_total, http_request_duration_seconds, http_requests_in_flight
 * </pre>
 */
public final class MetricsService implements HttpService {

    private final HttpMetrics metrics;

    public MetricsService(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::metrics);
    }

    private void metrics(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, HttpMetrics.CONTENT_TYPE)
                .send(metrics.text().getBytes(StandardCharsets.UTF_8));
    }
}

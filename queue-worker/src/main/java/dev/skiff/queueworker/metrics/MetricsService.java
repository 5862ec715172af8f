package dev.skiff.queueworker.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * The worker's own port (8081):
 *
 * <pre>
 * curl queue-worker:8081/metrics   # Prometheus text
 * curl queue-worker:8081/healthz   # 200 while connected to NATS, else 503
 * </pre>
 */
public final class MetricsService implements HttpService {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier healthy;

    public MetricsService(PrometheusMeterRegistry registry, BooleanSupplier healthy) {
        this.registry = registry;
        this.healthy = healthy;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::metrics)
                .get("/healthz", this::health);
    }

    private void metrics(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE).send(registry.scrape(CONTENT_TYPE));
    }

    private void health(ServerRequest request, ServerResponse response) {
        if (healthy.getAsBoolean()) {
            response.send("OK");
        } else {
            response.status(Status.SERVICE_UNAVAILABLE_503).send("not connected to NATS");
        }
    }
}

package dev.skiff.gateway.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics port (8082), without auth, as the OpenFaaS gateway serves it:
 *
 * <pre>
 * curl 127.0.0.1:8082/metrics
 * curl 127.0.0.1:8082/healthz
 * </pre>
 */
public final class MetricsService implements HttpService {
    /** Prometheus text exposition format 0.0.4, which every Prometheus scrapes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsService(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::metrics)
                .get("/healthz", (req, res) -> res.send("OK"));
    }

    private void metrics(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE).send(registry.scrape(CONTENT_TYPE));
    }
}

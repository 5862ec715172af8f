package dev.skiff.watchdog.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.skiff.watchdog.server.Routes;

/**
 * The metrics port's one route; other paths and methods answer 404.
 * <pre>
 * curl localhost:8081/metrics   # http_requests_total, http_request_duration_seconds, http_requests_in_flight
 * </pre>
 */
public final class MetricsService implements HttpHandler {

    public static final String PATH = "/metrics";

    private final HttpMetrics metrics;

    public MetricsService(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            Routes.notFound(exchange);
            return;
        }
        byte[] text = metrics.text().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", HttpMetrics.CONTENT_TYPE);
        exchange.sendResponseHeaders(200, text.length);
        exchange.getResponseBody().write(text);
    }
}

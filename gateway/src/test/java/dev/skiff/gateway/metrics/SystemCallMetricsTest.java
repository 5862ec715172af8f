package dev.skiff.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.HttpURLConnection;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemCallMetricsTest {

    @ParameterizedTest
    @CsvSource({
        "/system/functions, /system/functions",
        "/system/function/echo, /system/function/{name}",
        "/system/function/echo/, /system/function/{name}",
        "/system/scale-function/echo, /system/scale-function/{name}",
        "/system/dead-letters/12/replay, /system/dead-letters/{name}",
        "/system/info, /system/info",
        "/system/made-up-1234, /system/other",
        "/system/, /system/other"})
    void labelsTheRouteNotTheRawPath(String path, String route) {
        assertEquals(route, SystemCallMetrics.route(path));
    }

    @Test
    void countsAndTimesSystemCallsWithProvidersNames() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new InvocationMetrics(registry, "openfaas-fn");
        var server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.addFilter(metrics.systemCalls())
                        .get("/system/function/{name}", (req, res) -> res.status(404).send("no"))
                        .get("/function/x", (req, res) -> res.send("fn")))
                .build().start();
        try {
            for (var path : new String[] {"/system/function/a", "/system/function/b", "/function/x"}) {
                var connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL()
                        .openConnection();
                connection.getResponseCode();
                connection.disconnect();
            }
            // Counted just after each answer is sent: poll the scrape briefly.
            var counted = "provider_http_requests_total{code=\"404\",method=\"GET\",path=\"/system/function/{name}\"} 2.0";
            String text = "";
            for (int i = 0; i < 100 && !text.contains(counted); i++) {
                Thread.sleep(20);
                text = registry.scrape();
            }
            assertTrue(text.contains(counted), text);
            assertTrue(text.contains("provider_http_request_duration_seconds_bucket{code=\"404\",method=\"GET\",path=\"/system/function/{name}\",le=\"0.005\"}"), text);
            assertTrue(!text.contains("path=\"/function/x\""), "only /system/ calls count: " + text);
        } finally {
            server.stop();
        }
    }
}

package dev.skiff.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvocationMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InvocationMetrics metrics = new InvocationMetrics(registry, "openfaas-fn");

    @ParameterizedTest
    @CsvSource({"echo, echo.openfaas-fn", "echo.openfaas-fn, echo.openfaas-fn", "echo.other, echo.other"})
    void labelsFunctionsAsNameDotNamespace(String name, String label) {
        assertEquals(label, metrics.functionName(name));
    }

    @Test
    void exportsOpenFaasNamesAndLabels() {
        metrics.started("echo.openfaas-fn").completed(200);
        metrics.started("echo.openfaas-fn").completed(200);
        metrics.started("nope.openfaas-fn").completed(404);
        var text = registry.scrape();

        assertTrue(text.contains("# TYPE gateway_function_invocation_total counter"), text);
        assertLine(text, "gateway_function_invocation_total{code=\"200\",function_name=\"echo.openfaas-fn\"} 2.0");
        assertLine(text, "gateway_function_invocation_total{code=\"404\",function_name=\"nope.openfaas-fn\"} 1.0");
        assertLine(text, "gateway_function_invocation_started_total{function_name=\"echo.openfaas-fn\"} 2.0");
        assertTrue(text.contains("# TYPE gateway_functions_seconds histogram"), text);
        assertLine(text, "gateway_functions_seconds_count{code=\"200\",function_name=\"echo.openfaas-fn\"} 2");
        assertTrue(text.contains("gateway_functions_seconds_sum{code=\"200\",function_name=\"echo.openfaas-fn\"} "),
                text);
    }

    @Test
    void histogramHasExactlyTheOpenFaasBuckets() {
        metrics.started("echo.openfaas-fn").completed(200);
        var buckets = new ArrayList<String>();
        registry.scrape().lines()
                .filter(line -> line.startsWith("gateway_functions_seconds_bucket{"))
                .forEach(line -> buckets.add(line.replaceAll(".*le=\"([^\"]+)\".*", "$1")));
        assertEquals(List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0",
                "+Inf"), buckets);
        assertLine(registry.scrape(),
                "gateway_functions_seconds_bucket{code=\"200\",function_name=\"echo.openfaas-fn\",le=\"+Inf\"} 1");
    }

    @Test
    void invocationCountSumsEveryCodeOfOneFunction() {
        metrics.started("echo.openfaas-fn").completed(200);
        metrics.started("echo.openfaas-fn").completed(500);
        metrics.started("other.openfaas-fn").completed(200);
        assertEquals(2, metrics.invocationCount("echo", "openfaas-fn"));
        assertEquals(2, metrics.invocationCount("echo", null));
        assertEquals(0, metrics.invocationCount("unseen", "openfaas-fn"));
    }

    @Test
    void serviceCountFollowsTheProviderListAndDropsRemovedFunctions() {
        var listed = new ArrayList<FunctionStatus>(List.of(status("echo", 2), status("env", 1)));
        var counts = new ServiceCounts(registry, () -> List.copyOf(listed), metrics);
        counts.refresh();
        var text = registry.scrape();
        assertTrue(text.contains("# TYPE gateway_service_count gauge"), text);
        assertLine(text, "gateway_service_count{function_name=\"echo.openfaas-fn\"} 2.0");
        assertLine(text, "gateway_service_count{function_name=\"env.openfaas-fn\"} 1.0");

        listed.set(0, status("echo", 0));
        listed.remove(1);
        counts.refresh();
        text = registry.scrape();
        assertLine(text, "gateway_service_count{function_name=\"echo.openfaas-fn\"} 0.0");
        assertFalse(text.contains("env.openfaas-fn"), text);
    }

    private static FunctionStatus status(String name, long replicas) {
        return new FunctionStatus(name, "image", "openfaas-fn", null, null, null, null, null, null, null, null, false,
                0, replicas, replicas, null, null);
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.lines().anyMatch(line::equals), "no line «" + line + "» in:\n" + text);
    }
}

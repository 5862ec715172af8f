package dev.skiff.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test gateway's Prometheus metrics, scraped from its published metrics port after real calls. */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static TestPlatform platform;

    @BeforeAll
    static void connect() throws Exception {
        platform = TestPlatform.fromEnvironment();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        platform.close();
    }

    @Test
    void countsAndTimesCallsPerFunctionAndCodeAndReportsDesiredReplicas() {
        var name = platform.newFunctionName("metrics");
        var label = name + ".openfaas-fn";
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat"));
        // The first 200 is the first of the three calls; answers before it (503 while the replica starts)
        // are counted under their own codes.
        TestPlatform.await(() -> call(name), r -> r.statusCode() == 200, Duration.ofSeconds(30),
                "a first call to " + name);
        assertEquals(200, call(name).statusCode());
        assertEquals(200, call(name).statusCode());
        var unknown = "it-nosuch-" + Long.toString(System.nanoTime(), 36);
        assertEquals(404, call(unknown).statusCode());

        // Completion is recorded just after the answer is sent: the scrape may trail the last call briefly.
        var completed = "gateway_function_invocation_total{code=\"200\",function_name=\"" + label + "\"}";
        // A made-up name gets its 404 but no series: callers cannot grow the metrics without bound.
        var notFound = "function_name=\"" + unknown + ".openfaas-fn\"";
        var timed = "gateway_functions_seconds_count{code=\"200\",function_name=\"" + label + "\"}";
        var text = TestPlatform.await(MetricsIT::scrape,
                t -> sample(t, completed).equals(Optional.of(3.0)) && sample(t, timed).equals(Optional.of(3.0)),
                Duration.ofSeconds(5), "3 answered and timed calls in the scrape");
        assertEquals(Optional.of(3.0), sample(text, completed), text);
        assertEquals(Optional.of(3.0), sample(text, timed), text);
        assertFalse(text.contains(notFound), text);
        // The system API's own metrics, with the route as path: the deploy above was one of them.
        assertTrue(text.contains("provider_http_requests_total{code=\"202\",method=\"POST\",path=\"/system/functions\"}"),
                text);
        assertTrue(text.contains("gateway_function_invocation_started_total{function_name=\"" + label + "\"}"), text);

        // The gauge follows the provider's list every 5 s.
        TestPlatform.await(() -> sample(scrape(), "gateway_service_count{function_name=\"" + label + "\"}"),
                value -> value.equals(Optional.of(1.0)), Duration.ofSeconds(10), "gateway_service_count of " + label);
    }

    private static HttpResponse<byte[]> call(String name) {
        return platform.anonymous.invoke(name, "POST", "", Map.of("Content-Type", "text/plain"),
                "hi".getBytes(StandardCharsets.UTF_8));
    }

    private static String scrape() {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(TestPlatform.metrics().resolve("/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    response.headers().toString());
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the series written exactly as given ({@code name{labels}}), if present. */
    private static Optional<Double> sample(String text, String series) {
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst();
    }
}

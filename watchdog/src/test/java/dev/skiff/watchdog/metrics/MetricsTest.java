package dev.skiff.watchdog.metrics;

import static dev.skiff.watchdog.RunningWatchdog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.skiff.watchdog.RunningWatchdog;
import dev.skiff.watchdog.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    /** Fails (serializing mode: 500) when called on /fail, sleeps on /slow, else prints ok. */
    private static final String FUNCTION = """
            case "$Http_Path" in
              /fail) echo boom >&2; exit 1 ;;
              /slow) sleep 1 ;;
            esac
            echo ok
            """;

    @TempDir
    Path folder;

    private RunningWatchdog start() {
        return RunningWatchdog.start(folder, "mode", "serializing",
                "fprocess", Scripts.fprocess(folder, "function.sh", FUNCTION));
    }

    @Test
    void countsFunctionCallsByCodeAndMethodWithDurationsInPrometheusText() {
        try (RunningWatchdog watchdog = start()) {
            assertEquals(200, watchdog.get("/").statusCode());
            assertEquals(200, watchdog.get("/a?b=c").statusCode());
            assertEquals(200, watchdog.post("/", "x").statusCode());
            assertEquals(500, watchdog.get("/fail").statusCode());

            HttpResponse<String> metrics = watchdog.metrics();
            assertEquals(200, metrics.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    metrics.headers().firstValue("Content-Type").orElseThrow());
            String text = metrics.body();
            assertLine(text, "# TYPE http_requests_total counter");
            assertLine(text, "http_requests_total{code=\"200\",method=\"get\"} 2");
            assertLine(text, "http_requests_total{code=\"200\",method=\"post\"} 1");
            assertLine(text, "http_requests_total{code=\"500\",method=\"get\"} 1");
            assertLine(text, "# TYPE http_request_duration_seconds histogram");
            assertLine(text, "http_request_duration_seconds_count{code=\"200\",method=\"get\"} 2");
            assertLine(text, "http_request_duration_seconds_count{code=\"500\",method=\"get\"} 1");
            assertLine(text, "http_request_duration_seconds_bucket{code=\"200\",method=\"get\",le=\"+Inf\"} 2");
            assertLine(text, "http_request_duration_seconds_bucket{code=\"200\",method=\"get\",le=\"10\"} 2");
            assertTrue(text.contains("http_request_duration_seconds_bucket{code=\"200\",method=\"post\",le=\"0.005\"} "), text);
            assertTrue(text.contains("http_request_duration_seconds_sum{code=\"500\",method=\"get\"} "), text);
            assertLine(text, "# TYPE http_requests_in_flight gauge");
            assertLine(text, "http_requests_in_flight 0");
        }
    }

    @Test
    void doesNotCountHealthReadyOrMetricsCalls() {
        try (RunningWatchdog watchdog = start()) {
            assertEquals(200, watchdog.get("/_/health").statusCode());
            assertEquals(200, watchdog.get("/_/ready").statusCode());
            assertEquals(405, watchdog.post("/_/health", "").statusCode());
            watchdog.metrics();

            String text = watchdog.metrics().body();
            assertFalse(text.contains("http_requests_total{"), text);
            assertFalse(text.contains("http_request_duration_seconds_count{"), text);
            assertLine(text, "http_requests_in_flight 0");
        }
    }

    @Test
    void inFlightGaugeCountsARunningCallAndReturnsToZero() throws Exception {
        try (RunningWatchdog watchdog = start()) {
            CompletableFuture<HttpResponse<String>> slow = watchdog.http().sendAsync(
                    watchdog.request("/slow").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(eventually(Duration.ofSeconds(5),
                    () -> watchdog.metrics().body().contains("\nhttp_requests_in_flight 1\n")));

            assertEquals(200, slow.get().statusCode());
            // The call is counted done once its exchange has closed, which may be just after the caller has the answer.
            assertTrue(eventually(Duration.ofSeconds(2),
                    () -> watchdog.metrics().body().contains("\nhttp_requests_in_flight 0\n")));
            assertLine(watchdog.metrics().body(), "http_requests_total{code=\"200\",method=\"get\"} 1");
        }
    }

    @Test
    void metricsPortAnswers404ForOtherPaths() {
        try (RunningWatchdog watchdog = start()) {
            HttpResponse<String> other = watchdog.send(watchdog.request("/").uri(
                    java.net.URI.create("http://127.0.0.1:" + watchdog.watchdog().metricsPort() + "/")).GET());
            assertEquals(404, other.statusCode());
        }
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.lines().anyMatch(line::equals), "no line \"" + line + "\" in:\n" + text);
    }
}

package dev.skiff.watchdog.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpMetricsTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"0.005, 0.005", "1, 1", "2.5, 2.5", "10, 10", "0.0001, 0.0001", "123.456, 123.456"})
    void printsNumbersAsGoDoes(double value, String text) {
        assertEquals(text, HttpMetrics.number(value));
    }

    @Test
    void histogramBucketsAreCumulativeWithSumAndCount() {
        HttpMetrics metrics = new HttpMetrics();
        metrics.started();
        metrics.finished("GET", 200, 3_906_250);      // 2^-8 s: binary fractions keep the sum exact
        metrics.started();
        metrics.finished("GET", 200, 250_000_000);    // 0.25 s: a bucket bound is inclusive
        metrics.started();
        metrics.finished("GET", 200, 20_000_000_000L); // 20 s, past the last bucket
        String text = metrics.text();
        String labels = "{code=\"200\",method=\"get\",le=";
        assertTrue(text.contains("http_request_duration_seconds_bucket" + labels + "\"0.005\"} 1\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_bucket" + labels + "\"0.1\"} 1\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_bucket" + labels + "\"0.25\"} 2\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_bucket" + labels + "\"10\"} 2\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_bucket" + labels + "\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_sum{code=\"200\",method=\"get\"} 20.25390625\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_count{code=\"200\",method=\"get\"} 3\n"), text);
        assertTrue(text.contains("http_requests_total{code=\"200\",method=\"get\"} 3\n"), text);
        assertTrue(text.contains("http_requests_in_flight 0\n"), text);
    }

    @Test
    void escapesQuotesBackslashesAndNewlinesInLabelValues() {
        assertEquals("a\\\"b\\\\c\\nd", HttpMetrics.escape("a\"b\\c\nd"));
    }
}

package dev.skiff.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30, 30000", "30s, 30000", "500ms, 500", "1m30s, 90000", "2h, 7200000", "1.5s, 1500", "0, 0"})
    void readsSecondsAndGoDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse("upstream_timeout", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "30x", "s30", "1m 30s", "-5"})
    void rejectsOtherTextNamingTheVariable(String text) {
        var error = assertThrows(IllegalArgumentException.class, () -> Durations.parse("write_timeout", text));
        assertTrue(error.getMessage().startsWith("write_timeout="), error.getMessage());
    }

    @org.junit.jupiter.api.Test
    void configRejectsABadPortNamingIt() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromEnv(java.util.Map.of("port", "eighty")));
        assertTrue(error.getMessage().contains("port=eighty"), error.getMessage());
    }

    @org.junit.jupiter.api.Test
    void configReadsMetricsPortAndRefusesTheApiPortForIt() {
        assertEquals(8082, GatewayConfig.fromEnv(java.util.Map.of()).metricsPort());
        assertEquals(18082, GatewayConfig.fromEnv(java.util.Map.of("metrics_port", "18082")).metricsPort());
        var error = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromEnv(java.util.Map.of("metrics_port", "8080")));
        assertTrue(error.getMessage().startsWith("metrics_port=8080"), error.getMessage());
    }
}

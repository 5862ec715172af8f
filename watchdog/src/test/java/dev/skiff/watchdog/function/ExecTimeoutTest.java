package dev.skiff.watchdog.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import dev.skiff.watchdog.config.GoDuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecTimeoutTest {

    @ParameterizedTest(name = "exec_timeout {0} with X-Timeout \"{1}\" gives {2}")
    @CsvSource({
        "30s, 5s, 5s",
        "30s, 1m, 30s",
        "30s, 30s, 30s",
        "30s, 2, 2s",
        "30s, junk, 30s",
        "30s, 0, 30s",
        "0, 5s, 0",
        "500ms, 100ms, 100ms",
    })
    void xTimeoutCanOnlyLowerTheLimit(String execTimeout, String header, String expected) {
        Duration exec = GoDuration.parse(execTimeout).orElseThrow();
        assertEquals(GoDuration.parse(expected).orElseThrow(), ExecTimeout.lower(exec, header));
    }
}

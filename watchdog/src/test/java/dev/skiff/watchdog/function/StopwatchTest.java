package dev.skiff.watchdog.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StopwatchTest {

    @Test
    void secondsHaveSixDecimalsRoundedAsGosPercentF() {
        assertEquals("0.000000", Stopwatch.seconds(0));
        assertEquals("0.000000", Stopwatch.seconds(499));
        assertEquals("0.000001", Stopwatch.seconds(500));
        assertEquals("0.012346", Stopwatch.seconds(12_345_678));
        assertEquals("1.000000", Stopwatch.seconds(999_999_500));
        assertEquals("61.500000", Stopwatch.seconds(61_500_000_000L));
        assertEquals(String.format(java.util.Locale.ROOT, "%f", 3_141_592_653L / 1e9), Stopwatch.seconds(3_141_592_653L));
    }
}

package dev.skiff.watchdog.function;

import java.util.Locale;

/** Times one call, and prints the time as of-watchdog does: seconds with Go's {@code %f}. */
public record Stopwatch(long startNanos) {

    /** The header serializing and http modes add, with the call's duration in seconds. */
    public static final String X_DURATION_SECONDS = "X-Duration-Seconds";

    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    /** Seconds since start, six decimals ({@code 0.012345}), whatever the default locale. */
    public String seconds() {
        return String.format(Locale.ROOT, "%f", (System.nanoTime() - startNanos) / 1e9);
    }
}

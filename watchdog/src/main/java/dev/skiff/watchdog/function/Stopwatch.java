package dev.skiff.watchdog.function;

/** Times one call, and prints the time as of-watchdog does: seconds with Go's {@code %f}. */
public record Stopwatch(long startNanos) {

    /** The header serializing and http modes add, with the call's duration in seconds. */
    public static final String X_DURATION_SECONDS = "X-Duration-Seconds";

    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    /**
     * Seconds since start, six decimals ({@code 0.012345}), rounded, whatever the default locale.
     * Written out by hand: String.format loads java.util.Formatter and the JDK's floating-point
     * formatting on every first call, classes the image's AOT cache (and so every watchdog's memory)
     * would otherwise carry.
     */
    public String seconds() {
        return seconds(System.nanoTime() - startNanos);
    }

    static String seconds(long nanos) {
        long micros = (Math.max(nanos, 0) + 500) / 1000;
        String fraction = Long.toString(micros % 1_000_000);
        return new StringBuilder(16).append(micros / 1_000_000).append('.')
                .repeat('0', 6 - fraction.length()).append(fraction).toString();
    }
}

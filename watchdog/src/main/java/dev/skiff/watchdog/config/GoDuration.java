package dev.skiff.watchdog.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Parses durations the way OpenFaaS components read them (faas-provider types/read_config.go): a bare
 * integer is seconds ({@code 30}); anything else is a Go duration, a sequence of decimal numbers
 * each with a unit ({@code 500ms}, {@code 1m30s}, {@code 1.5h}). Units: ns, us, µs, ms, s, m, h.
 */
public final class GoDuration {

    private static final String[] UNITS = {"ns", "us", "µs", "ms", "s", "m", "h"};
    private static final long[] UNIT_NANOS = {
        1L, 1_000L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};

    private GoDuration() {
    }

    /** The duration, or empty if the text is not a non-negative OpenFaaS duration. */
    public static Optional<Duration> parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (digitsOnly(s)) {
            return s.length() > 12 ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(s)));
        }
        try {
            return Optional.of(Duration.ofNanos(parseUnits(s)));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * A loop, not {@code chars().allMatch}: that loads ~10 stream classes nothing else in the watchdog
     * loads (the int pipeline and its spliterators; host JDK 25, {@code -Xlog:class+load}), which the
     * image's AOT cache (and so every watchdog's memory) would carry.
     */
    static boolean digitsOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Prints a duration as Go does, for messages: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 1.5s}. */
    public static String format(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        text.append(duration.toSecondsPart());
        int millis = duration.toMillisPart();
        if (millis > 0) {
            text.append('.').append(String.format(java.util.Locale.ROOT, "%03d", millis).replaceAll("0+$", ""));
        }
        return text.append('s').toString();
    }

    private static long parseUnits(String s) {
        BigDecimal total = BigDecimal.ZERO;
        int i = s.startsWith("+") ? 1 : 0;
        if (i == s.length()) {
            throw new NumberFormatException(s);
        }
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            BigDecimal number = new BigDecimal(s.substring(numberStart, i));
            int unit = unitAt(s, i);
            total = total.add(number.multiply(BigDecimal.valueOf(UNIT_NANOS[unit])));
            i += UNITS[unit].length();
        }
        return total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    }

    /** The unit starting at {@code i}; the two-letter units are tried before {@code m} and {@code s}. */
    private static int unitAt(String s, int i) {
        for (int u = 0; u < UNITS.length; u++) {
            if (s.startsWith(UNITS[u], i)) {
                return u;
            }
        }
        throw new NumberFormatException("no unit at " + i + " in " + s);
    }
}

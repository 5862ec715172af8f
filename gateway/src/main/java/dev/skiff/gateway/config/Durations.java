package dev.skiff.gateway.config;

import java.time.Duration;
import java.util.regex.Pattern;

/** OpenFaaS duration strings: a bare integer is seconds, else Go's form ({@code 500ms}, {@code 1m30s}). */
public final class Durations {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String name, String value) {
        var text = value.strip();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        var matcher = GO_DURATION.matcher(text);
        long nanos = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            nanos += (long) (amount * switch (matcher.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            });
            end = matcher.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException(name + "=" + value
                    + " is not a duration: use seconds (30) or a Go duration (500ms, 30s, 1m30s)");
        }
        return Duration.ofNanos(nanos);
    }
}

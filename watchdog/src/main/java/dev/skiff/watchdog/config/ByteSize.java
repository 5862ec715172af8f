package dev.skiff.watchdog.config;

import java.util.Locale;
import java.util.Map;

/**
 * Sizes in bytes as a person writes them: {@code 1048576}, {@code 512k}, {@code 16M}, {@code 1G} (powers
 * of 1024; a trailing {@code B} or {@code iB} is allowed, so {@code 16MiB} and {@code 16MB} mean the same).
 */
final class ByteSize {

    private ByteSize() {
    }

    /** The variable's size in bytes, {@code defaultValue} when unset; 0 is allowed and means no limit. */
    static long parse(Map<String, String> env, String variable, long defaultValue) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return parse(value).orElseThrow(() -> new ConfigException(variable, "\"" + value
                + "\" is not a size; use bytes (1048576) or a number with k, M or G (512k, 16M), or 0 for no limit"));
    }

    static java.util.OptionalLong parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || digits.length() > 12 || !GoDuration.digitsOnly(digits)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Long.parseLong(digits) << shift);
    }
}

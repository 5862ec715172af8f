package dev.skiff.gateway.scaling;

import dev.skiff.gateway.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The autoscaler's settings, from the gateway's environment. Per-function choices come from labels
 * ({@link ScalingRules}); these are the loop's timing and the platform defaults.
 *
 * @param interval        how often desired replicas are computed ({@code scale_interval}, 1s)
 * @param stableWindow    load averaged over this for normal decisions ({@code scale_stable_window}, 60s)
 * @param panicWindow     a short window that scales up fast on a jump ({@code scale_panic_window}, 6s)
 * @param zeroDuration    idle time before scale to zero when the label does not say ({@code scale_zero_duration}, 15m)
 * @param zeroMode        what zero means when the annotation does not say ({@code scale_zero_mode}, cold)
 * @param warmExpiry      a frozen replica is removed after this much more idle time ({@code scale_warm_expiry}, 1h)
 * @param wakeTimeout     longest a call waits for a function at zero to wake ({@code scale_wake_timeout}, 30s)
 */
public record ScalingSettings(
        Duration interval,
        Duration stableWindow,
        Duration panicWindow,
        Duration zeroDuration,
        ZeroMode zeroMode,
        Duration warmExpiry,
        Duration wakeTimeout) {

    public static final String DEFAULT_INTERVAL = "1s";
    public static final String DEFAULT_STABLE_WINDOW = "60s";
    public static final String DEFAULT_PANIC_WINDOW = "6s";
    public static final String DEFAULT_ZERO_DURATION = "15m";
    public static final String DEFAULT_ZERO_MODE = "cold";
    public static final String DEFAULT_WARM_EXPIRY = "1h";
    // Swarm needs ~0.7 s for a task and a JVM watchdog well under a second; 30 s covers a slow image
    // start on a busy node without letting a broken function hold callers for long.
    public static final String DEFAULT_WAKE_TIMEOUT = "30s";

    /** What a function at zero keeps: nothing (cold) or its last container, paused (warm). */
    public enum ZeroMode {
        COLD, WARM;

        static ZeroMode parse(String name, String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "cold" -> COLD;
                case "warm" -> WARM;
                default -> throw new IllegalArgumentException(name + "=" + value + " is not a zero mode: use cold "
                        + "(remove the last replica) or warm (pause it)");
            };
        }
    }

    public ScalingSettings {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("scale_interval=" + interval + " must be above zero");
        }
        if (panicWindow.compareTo(interval) < 0 || stableWindow.compareTo(panicWindow) < 0) {
            throw new IllegalArgumentException("scale windows must grow: scale_interval (" + interval
                    + ") <= scale_panic_window (" + panicWindow + ") <= scale_stable_window (" + stableWindow + ")");
        }
        if (wakeTimeout.isZero() || wakeTimeout.isNegative()) {
            throw new IllegalArgumentException("scale_wake_timeout=" + wakeTimeout + " must be above zero");
        }
    }

    /** Reads the settings; a bad value throws, naming the variable. */
    public static ScalingSettings fromEnv(Map<String, String> env) {
        return new ScalingSettings(
                duration(env, "scale_interval", DEFAULT_INTERVAL),
                duration(env, "scale_stable_window", DEFAULT_STABLE_WINDOW),
                duration(env, "scale_panic_window", DEFAULT_PANIC_WINDOW),
                duration(env, "scale_zero_duration", DEFAULT_ZERO_DURATION),
                ZeroMode.parse("scale_zero_mode", env.getOrDefault("scale_zero_mode", DEFAULT_ZERO_MODE)),
                duration(env, "scale_warm_expiry", DEFAULT_WARM_EXPIRY),
                duration(env, "scale_wake_timeout", DEFAULT_WAKE_TIMEOUT));
    }

    private static Duration duration(Map<String, String> env, String name, String fallback) {
        return Durations.parse(name, env.getOrDefault(name, fallback));
    }
}

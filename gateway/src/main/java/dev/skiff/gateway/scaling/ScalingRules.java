package dev.skiff.gateway.scaling;

import dev.skiff.gateway.config.Durations;
import dev.skiff.gateway.scaling.ScalingSettings.ZeroMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One function's scaling choices, from the OpenFaaS labels (API.md 3.1) and our zero-mode annotation.
 *
 * @param min          floor, and the count a wake-up starts ({@code com.openfaas.scale.min}, 1)
 * @param max          ceiling ({@code com.openfaas.scale.max}, 20)
 * @param target       load one replica should take, in the unit of {@code type} ({@code com.openfaas.scale.target}, 50)
 * @param type         what load is: requests/s, calls in flight, or CPU millicores ({@code com.openfaas.scale.type}, rps)
 * @param factor       percent of max that one scale-down step may remove ({@code com.openfaas.scale.factor}, 20)
 * @param zero         may go to zero when idle ({@code com.openfaas.scale.zero}, false)
 * @param zeroDuration idle time before zero ({@code com.openfaas.scale.zero-duration}, platform default)
 * @param zeroMode     cold (remove the last replica) or warm (pause it) ({@value #ZERO_MODE} annotation)
 */
public record ScalingRules(long min, long max, double target, Type type, int factor, boolean zero,
                           Duration zeroDuration, ZeroMode zeroMode) {

    public static final String MIN = "com.openfaas.scale.min";
    public static final String MAX = "com.openfaas.scale.max";
    public static final String TARGET = "com.openfaas.scale.target";
    public static final String TYPE = "com.openfaas.scale.type";
    public static final String FACTOR = "com.openfaas.scale.factor";
    public static final String ZERO = "com.openfaas.scale.zero";
    public static final String ZERO_DURATION = "com.openfaas.scale.zero-duration";
    /** Annotation (not label): {@code warm} or {@code cold}; the platform's {@code scale_zero_mode} if absent. */
    public static final String ZERO_MODE = "dev.skiff.scale.zero-mode";

    public static final long DEFAULT_MIN = 1;
    public static final long DEFAULT_MAX = 20;
    public static final double DEFAULT_TARGET = 50;
    public static final int DEFAULT_FACTOR = 20;

    /** The load measure {@code target} is counted in. */
    public enum Type {
        /** requests per second */
        RPS,
        /** calls in flight (concurrency) */
        CAPACITY,
        /** CPU millicores used by the function's tasks */
        CPU
    }

    /** The rules of a function; a bad label throws naming it, since guessing would scale it wrongly. */
    public static ScalingRules from(Map<String, String> labels, Map<String, String> annotations,
                                    ScalingSettings settings) {
        long min = whole(labels, MIN, DEFAULT_MIN, 0);
        long max = whole(labels, MAX, DEFAULT_MAX, 1);
        if (max < min) {
            throw new IllegalArgumentException(MAX + "=" + max + " is below " + MIN + "=" + min);
        }
        double target = positive(labels, TARGET, DEFAULT_TARGET);
        var type = switch (labels.getOrDefault(TYPE, "rps").strip().toLowerCase(Locale.ROOT)) {
            case "rps" -> Type.RPS;
            case "capacity" -> Type.CAPACITY;
            case "cpu" -> Type.CPU;
            default -> throw new IllegalArgumentException(TYPE + "=" + labels.get(TYPE)
                    + " is not a scaling type: use rps, capacity or cpu");
        };
        long factor = whole(labels, FACTOR, DEFAULT_FACTOR, 1);
        if (factor > 100) {
            throw new IllegalArgumentException(FACTOR + "=" + factor + " must be 1-100 (percent of max)");
        }
        boolean zero = "true".equalsIgnoreCase(labels.getOrDefault(ZERO, "false").strip());
        var zeroDuration = labels.containsKey(ZERO_DURATION)
                ? Durations.parse(ZERO_DURATION, labels.get(ZERO_DURATION)) : settings.zeroDuration();
        var zeroMode = annotations.containsKey(ZERO_MODE)
                ? ZeroMode.parse(ZERO_MODE, annotations.get(ZERO_MODE)) : settings.zeroMode();
        return new ScalingRules(min, max, target, type, (int) factor, zero, zeroDuration, zeroMode);
    }

    /** min = max turns autoscaling off (OpenFaaS's rule); wake-ups from zero still happen. */
    public boolean fixed() {
        return min == max;
    }

    /** The count a function at zero wakes to: min, at least one. */
    public long wakeReplicas() {
        return Math.max(1, min);
    }

    /** How many replicas one scale-down step may remove: ceil(max × factor / 100), as OpenFaaS steps. */
    public long step() {
        return Math.max(1, (max * factor + 99) / 100);
    }

    private static long whole(Map<String, String> labels, String name, long fallback, long least) {
        var value = labels.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= least) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " must be a whole number >= " + least);
    }

    private static double positive(Map<String, String> labels, String name, double fallback) {
        var value = labels.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " must be a number above 0");
    }
}

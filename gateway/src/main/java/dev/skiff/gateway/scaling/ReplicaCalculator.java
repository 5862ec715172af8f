package dev.skiff.gateway.scaling;

import java.time.Duration;
import java.util.Locale;

/**
 * The scaling rule, free of clocks and Docker so that it can be tested alone. Two windows, as Knative's
 * autoscaler has them: the stable window's mean sets the count; when the panic window's peak reaches
 * twice what the current replicas take, the function panics and scales up to that peak at once, and
 * does not scale down again until a whole stable window has passed without another panic. Scale-down
 * is gradual, one step (ceil(max × factor / 100)) per tick, and never below what the stable window needs.
 */
final class ReplicaCalculator {
    static final double PANIC_THRESHOLD = 2.0;

    private ReplicaCalculator() {
    }

    /**
     * @param rules       the function's labels
     * @param current     desired replicas now (swarm's count)
     * @param stableLoad  mean load over the stable window, in the unit of {@code rules.type()}
     * @param panicLoad   peak one-second load in the panic window
     * @param panicking   whether the function is still inside a panic (set by an earlier tick)
     * @param idle        time since the function's last call ended (or began)
     * @param inFlight    calls in flight now
     */
    static Decision decide(ScalingRules rules, long current, double stableLoad, double panicLoad, boolean panicking,
                           Duration idle, int inFlight) {
        long floor = Math.max(1, rules.min());
        if (rules.zero() && inFlight == 0 && idle.compareTo(rules.zeroDuration()) >= 0) {
            return new Decision(0, "idle for " + seconds(idle) + " (zero-duration " + seconds(rules.zeroDuration())
                    + ")", false);
        }
        if (current == 0) {
            // At zero, a call wakes the function (WakeGate); load alone does not, since none can arrive.
            return new Decision(0, "at zero", false);
        }
        if (rules.fixed()) {
            return new Decision(clamp(rules.min(), floor, rules.max()), "min = max = " + rules.min(), false);
        }
        long stableNeed = needed(stableLoad, rules.target());
        long panicNeed = needed(panicLoad, rules.target());
        boolean jump = panicLoad >= PANIC_THRESHOLD * current * rules.target();
        String load = unit(rules, stableLoad) + " over the stable window, peak " + unit(rules, panicLoad)
                + " in the panic window, target " + unit(rules, rules.target()) + " per replica";
        long desired;
        String reason;
        if (jump || panicking) {
            desired = Math.max(current, Math.max(stableNeed, panicNeed));
            reason = (jump ? "panic: load reached " + PANIC_THRESHOLD + "x what " + current + " replicas take"
                    : "panic continues (no scale-down inside it)") + "; " + load;
        } else if (stableNeed > current) {
            desired = stableNeed;
            reason = "up: " + load;
        } else if (stableNeed < current) {
            desired = Math.max(stableNeed, current - rules.step());
            reason = "down by at most " + rules.step() + ": " + load;
        } else {
            desired = current;
            reason = "steady: " + load;
        }
        long clamped = clamp(desired, floor, rules.max());
        if (clamped != desired) {
            reason += clamped == rules.max() ? " (capped at max " + rules.max() + ")" : " (raised to min " + floor + ")";
        }
        return new Decision(clamped, reason, jump);
    }

    private static long needed(double load, double target) {
        // A hair under a whole replica's worth must not round up to one more replica.
        return (long) Math.ceil(load / target - 1e-9);
    }

    private static long clamp(long value, long floor, long ceiling) {
        return Math.max(floor, Math.min(ceiling, value));
    }

    private static String unit(ScalingRules rules, double value) {
        return String.format(Locale.ROOT, "%.1f", value) + switch (rules.type()) {
            case RPS -> " req/s";
            case CAPACITY -> " in flight";
            case CPU -> " mCPU";
        };
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}

package dev.skiff.gateway.scaling;

import dev.skiff.api.FunctionStatus;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.provider.ReplicaControl;
import dev.skiff.gateway.scaling.ScalingSettings.ZeroMode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets every function's replicas from the load the gateway sees ({@link LoadTracker}), once per
 * {@code scale_interval}, by {@link ReplicaCalculator}'s rule within the function's labels; takes idle
 * functions with {@code com.openfaas.scale.zero=true} to zero (cold: no replica; warm: the last one
 * paused) and wakes them when a call comes ({@link #wake}). Swarm is written only when the count changes.
 * A count someone else sets (the scale API, an update) stands for one stable window before the
 * autoscaler takes over again.
 */
public final class Autoscaler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Autoscaler.class.getName());
    /**
     * Between ticks, how often each function's panic window is checked against its known replicas: a jump
     * in load is acted on within this, not a whole {@code scale_interval} (which lists every service).
     */
    static final Duration PANIC_CHECK = Duration.ofMillis(100);

    /** What a call found when it had to wake its function. */
    public enum Zero {
        /** not at zero: replicas are starting or the function is running */
        NONE,
        /** no replica: one is being started */
        COLD,
        /** the last replica was paused: it is being unpaused */
        WARM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final FunctionProvider provider;
    private final Optional<ReplicaControl> control;
    private final LoadTracker loads;
    private final ReadyReplicas ready;
    private final ScalingSettings settings;
    private final ScalingMetrics metrics;
    private final Map<String, FunctionState> states = new ConcurrentHashMap<>();
    private final int stableBuckets;
    private final int panicBuckets;
    private volatile Thread loop;
    private volatile Thread panicLoop;

    public Autoscaler(FunctionProvider provider, Optional<ReplicaControl> control, LoadTracker loads,
                      ReadyReplicas ready, ScalingSettings settings, ScalingMetrics metrics) {
        this.provider = provider;
        this.control = control;
        this.loads = loads;
        this.ready = ready;
        this.settings = settings;
        this.metrics = metrics;
        this.stableBuckets = buckets(settings.stableWindow());
        this.panicBuckets = buckets(settings.panicWindow());
    }

    private static int buckets(Duration window) {
        return (int) Math.max(1, window.toMillis() / LoadTracker.BUCKET.toMillis());
    }

    /** Adopts replicas a previous gateway paused, then ticks every {@code scale_interval} until closed. */
    public Autoscaler start() {
        control.ifPresent(this::adoptFrozen);
        control.ifPresent(c -> c.watchStarts(ready::started));
        loop = Thread.ofPlatform().daemon().name("autoscaler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    tick();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "autoscaler tick failed: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(settings.interval());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        panicLoop = Thread.ofPlatform().daemon().name("autoscaler-panic").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(PANIC_CHECK);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    panicCheck();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "autoscaler panic check failed: " + e.getMessage(), e);
                }
            }
        });
        return this;
    }

    private void adoptFrozen(ReplicaControl replicaControl) {
        try {
            var own = replicaControl.ownFunctions();
            for (var frozen : replicaControl.findFrozen()) {
                if (!own.contains(frozen.function())) {
                    continue;
                }
                var state = state(frozen.function());
                state.frozen = frozen;
                state.atZero = true;
                ready.hold(frozen.function());
                LOG.info(() -> frozen.function() + ": found paused on node " + frozen.nodeId() + "; at warm zero");
            }
        } catch (RuntimeException e) {
            LOG.warning("cannot look for paused replicas on the nodes (" + e.getMessage() + "); a function left "
                    + "at warm zero by a previous gateway will not answer until it is scaled or updated");
        }
    }

    /** One pass over every function. Package-private so that tests can drive it. */
    void tick() {
        var seen = new HashSet<String>();
        var own = control.map(ReplicaControl::ownFunctions);
        long listedAt = System.nanoTime();
        for (FunctionStatus status : provider.list()) {
            if (own.isPresent() && !own.get().contains(status.name())) {
                continue;
            }
            seen.add(status.name());
            try {
                scale(status, listedAt);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scaling " + status.name() + " failed: " + e.getMessage(), e);
            }
        }
        states.keySet().removeIf(name -> {
            if (seen.contains(name)) {
                return false;
            }
            loads.forget(name);
            metrics.forget(name);
            ready.release(name);
            return true;
        });
        ready.sweep();
    }

    /**
     * Scales up at once a function whose panic-window load reached twice what its replicas take, from the
     * replica count the last tick read or this gateway wrote: no Docker call unless it writes. Everything
     * else (scale-down, zero, a count someone else set) waits for the tick. Package-private for tests.
     */
    void panicCheck() {
        long now = System.nanoTime();
        states.forEach((name, state) -> {
            var rules = state.rules;
            long current = state.replicas;
            if (rules == null || rules.fixed() || rules.type() == ScalingRules.Type.CPU || current <= 0
                    || state.frozen != null || state.atZero || now - state.holdUntilNanos < 0) {
                return;
            }
            var load = loads.of(name);
            var peak = load.peak(panicBuckets);
            double panic = rules.type() == ScalingRules.Type.RPS ? peak.rps()
                    : Math.max(peak.concurrency(), load.inFlight());
            if (panic < ReplicaCalculator.PANIC_THRESHOLD * current * rules.target() || !state.lock.tryLock()) {
                return;
            }
            try {
                if (state.replicas == current && state.frozen == null && !state.atZero) {
                    decide(name, state, rules, current, now);
                }
            } finally {
                state.lock.unlock();
            }
        });
    }

    private void scale(FunctionStatus status, long listedAt) {
        var name = status.name();
        var state = state(name);
        ScalingRules rules;
        try {
            rules = ScalingRules.from(status.labels(), status.annotations(), settings);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals(state.lastRulesError)) {
                LOG.warning(name + ": not autoscaled: " + e.getMessage() + "; fix the label and update the function");
                state.lastRulesError = e.getMessage();
            }
            return;
        }
        state.lastRulesError = null;
        state.rules = rules;
        if (rules.type() == ScalingRules.Type.CPU && control.isPresent() && status.replicas() > 0) {
            state.addCpu(control.get().cpuMillicores(name));
        }
        long now = System.nanoTime();
        state.lock.lock();
        try {
            if (state.changedAtNanos - listedAt > 0) {
                // A wake-up or a user's scale changed it after this list was read: the list is stale.
                return;
            }
            if (state.frozen != null) {
                expireWarmZero(name, state, rules);
                metrics.desired(name, 0);
                return;
            }
            long current = status.replicas();
            if (state.written >= 0 && current != state.written) {
                // An update resets the count to min; the scale API sets it: let it stand a stable window.
                state.holdUntilNanos = now + settings.stableWindow().toNanos();
                LOG.info(() -> name + ": replicas set to " + current + " outside the autoscaler; it resumes in "
                        + settings.stableWindow().toSeconds() + "s");
            }
            state.written = current;
            state.replicas = current;
            if (current == 0 && !state.atZero) {
                markZero(name, state);
            } else if (current > 0) {
                state.atZero = false;
                ready.release(name);
            }
            metrics.desired(name, current);
            if (now - state.holdUntilNanos < 0) {
                return;
            }
            decide(name, state, rules, current, now);
        } finally {
            state.lock.unlock();
        }
    }

    private void decide(String name, FunctionState state, ScalingRules rules, long current, long now) {
        var load = loads.of(name);
        double stable;
        double panic;
        switch (rules.type()) {
            case RPS -> {
                stable = load.mean(stableBuckets).rps();
                panic = load.peak(panicBuckets).rps();
            }
            case CAPACITY -> {
                stable = load.mean(stableBuckets).concurrency();
                panic = Math.max(load.peak(panicBuckets).concurrency(), load.inFlight());
            }
            default -> {
                int perTick = buckets(settings.interval());
                stable = state.cpuMean(Math.max(1, stableBuckets / perTick));
                panic = state.cpuPeak(Math.max(1, panicBuckets / perTick));
            }
        }
        var idle = Duration.ofNanos(Math.max(0, now - load.lastCallNanos()));
        boolean panicking = now - state.panicUntilNanos < 0;
        var decision = ReplicaCalculator.decide(rules, current, stable, panic, panicking, idle, load.inFlight());
        if (decision.panic()) {
            state.panicUntilNanos = now + settings.stableWindow().toNanos();
        }
        if (decision.desired() == current) {
            return;
        }
        if (decision.desired() == 0) {
            toZero(name, state, rules, current, decision);
            return;
        }
        write(name, state, decision.desired(), decision.desired() > current ? "up" : "down",
                current + " -> " + decision.desired() + ": " + decision.reason());
    }

    /** Takes an idle function to zero, unless a call slipped in; warm zero pauses its last replica. */
    private void toZero(String name, FunctionState state, ScalingRules rules, long current, Decision decision) {
        ready.hold(name);
        if (loads.of(name).inFlight() > 0) {
            ready.release(name);
            return;
        }
        if (rules.zeroMode() == ZeroMode.WARM && control.isPresent()) {
            if (current > 1) {
                ready.release(name);
                write(name, state, 1, "down", current + " -> 1 before warm zero: " + decision.reason());
                return;
            }
            try {
                state.frozen = control.get().freeze(name);
                state.atZero = true;
                state.replicas = 0;
                metrics.decision(name, "zero");
                metrics.desired(name, 0);
                LOG.info(() -> name + ": 1 -> 0 (warm: replica paused on node " + state.frozen.nodeId() + "): "
                        + decision.reason());
                return;
            } catch (RuntimeException e) {
                LOG.warning(name + ": cannot pause its replica for warm zero (" + e.getMessage()
                        + "); going to cold zero instead");
            }
        }
        write(name, state, 0, "zero", current + " -> 0 (cold): " + decision.reason());
        markZero(name, state);
    }

    private void expireWarmZero(String name, FunctionState state, ScalingRules rules) {
        var idle = Duration.ofNanos(System.nanoTime() - loads.of(name).lastCallNanos());
        if (idle.compareTo(rules.zeroDuration().plus(settings.warmExpiry())) < 0) {
            return;
        }
        thaw(name, state);
        ready.hold(name);
        write(name, state, 0, "zero", "warm zero -> cold zero: idle for " + idle.toSeconds() + "s (scale_warm_expiry "
                + settings.warmExpiry().toSeconds() + "s after zero-duration)");
        markZero(name, state);
    }

    private void write(String name, FunctionState state, long replicas, String action, String reason) {
        setReplicas(name, state, replicas);
        metrics.decision(name, action);
        metrics.desired(name, replicas);
        LOG.info(() -> name + ": " + reason);
    }

    /** Writes the count to swarm and records it as this gateway's (under the function's lock). */
    private void setReplicas(String name, FunctionState state, long replicas) {
        state.changedAtNanos = System.nanoTime();
        provider.scale(name, replicas);
        // Again once swarm has it: a tick that listed while the scale call ran read the old count.
        state.changedAtNanos = System.nanoTime();
        state.written = replicas;
        state.replicas = replicas;
    }

    /**
     * Called by a call that found no ready replica: wakes the function if it is at zero, once however many
     * callers arrive together, and says which zero it was (then the caller waits for a ready replica).
     */
    public Zero wake(String name) {
        var state = state(name);
        state.lock.lock();
        try {
            if (state.frozen != null) {
                if (thaw(name, state)) {
                    state.wokenAtNanos = System.nanoTime();
                    metrics.decision(name, "wake");
                    LOG.info(() -> name + ": 0 -> 1 (warm: replica unpaused) for a call");
                    return Zero.WARM;
                }
                // The paused container is gone (its node failed?): swarm still wants one replica, so wait.
                state.wokenAtNanos = System.nanoTime();
                return Zero.COLD;
            }
            // The list is up to a tick old: someone may have scaled it to 0 since, so ask when in doubt.
            if (state.atZero || state.replicas == 0 || (!recentlyWoken(state) && provider.get(name).replicas() == 0)) {
                var rules = state.rules;
                long replicas = rules == null ? ScalingRules.DEFAULT_MIN : rules.wakeReplicas();
                state.atZero = false;
                state.wokenAtNanos = System.nanoTime();
                ready.release(name);
                write(name, state, replicas, "wake", "0 -> " + replicas + " (cold) for a call");
                return Zero.COLD;
            }
            // Another caller has just woken it: wait for its replica like that caller does.
            return recentlyWoken(state) ? Zero.COLD : Zero.NONE;
        } finally {
            state.lock.unlock();
        }
    }

    private boolean recentlyWoken(FunctionState state) {
        return state.wokenAtNanos != 0 && System.nanoTime() - state.wokenAtNanos < settings.wakeTimeout().toNanos();
    }

    /** Unpauses a frozen function's replica; false (and forgotten) if that failed. */
    private boolean thaw(String name, FunctionState state) {
        state.changedAtNanos = System.nanoTime();
        var frozen = state.frozen;
        state.frozen = null;
        state.atZero = false;
        state.replicas = 1;
        try {
            control.orElseThrow().thaw(frozen);
            return true;
        } catch (RuntimeException e) {
            LOG.warning(name + ": cannot unpause its replica on node " + frozen.nodeId() + ": " + e.getMessage());
            return false;
        } finally {
            ready.release(name);
        }
    }

    /** The scale API: a paused replica is unpaused first; the count then stands for a stable window. */
    public void scaleByUser(String name, long replicas) {
        var state = state(name);
        state.lock.lock();
        try {
            if (state.frozen != null) {
                thaw(name, state);
            }
            setReplicas(name, state, replicas);
            if (replicas == 0) {
                markZero(name, state);
            } else {
                state.atZero = false;
                ready.release(name);
            }
            state.holdUntilNanos = System.nanoTime() + settings.stableWindow().toNanos();
            metrics.desired(name, replicas);
        } finally {
            state.lock.unlock();
        }
    }

    /** Before an update or removal: a paused replica is unpaused so that swarm can stop it normally. */
    public void beforeChange(String name) {
        var state = states.get(name);
        if (state == null || state.frozen == null) {
            return;
        }
        state.lock.lock();
        try {
            if (state.frozen != null) {
                thaw(name, state);
            }
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * At zero (by this gateway, a user or anyone else): calls wake it. Its replicas are going away, so the
     * proxy gets none of them, and a stale list must not offer their addresses as ready on a wake-up.
     */
    private void markZero(String name, FunctionState state) {
        state.atZero = true;
        ready.hold(name);
        ready.forget(name);
    }

    /** Whether a call must wake the function: it is at cold zero or its last replica is paused. */
    public boolean atZero(String name) {
        var state = states.get(name);
        return state != null && (state.atZero || state.frozen != null);
    }

    /** Whether the function's last replica is paused (it then counts as zero replicas). */
    public boolean frozen(String name) {
        var state = states.get(name);
        return state != null && state.frozen != null;
    }

    /** Counts a call that waited for a wake-up in the cold-start histogram. */
    public void recordColdStart(String name, Zero zero, Duration waited) {
        metrics.coldStart(name, zero.label(), waited);
    }

    private FunctionState state(String name) {
        return states.computeIfAbsent(name, n -> new FunctionState(Math.max(1, stableBuckets)));
    }

    @Override
    public void close() {
        for (var thread : new Thread[] {loop, panicLoop}) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}

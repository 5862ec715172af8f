package dev.skiff.gateway.proxy;

import dev.skiff.gateway.scaling.Autoscaler;
import dev.skiff.gateway.scaling.LoadTracker;
import dev.skiff.gateway.scaling.ReadyReplicas;
import java.time.Duration;

/**
 * Where calls enter scaling: counts each call for the autoscaler ({@link #started}) and holds a call to a
 * function at zero while the autoscaler wakes it, until a replica is ready ({@link #awaitReady}). Many
 * callers arriving together share one wake-up. Costs a few atomic updates and one map lookup when the
 * function has a ready replica. Async calls go through it too: call both before forwarding.
 */
public final class WakeGate {
    private static final LoadTracker.Call NOT_COUNTED = () -> { };

    private final Autoscaler autoscaler;
    private final ReadyReplicas replicas;
    private final LoadTracker loads;
    private final Duration timeout;

    /** @param timeout the longest a call waits for a wake-up ({@code scale_wake_timeout}) */
    public WakeGate(Autoscaler autoscaler, ReadyReplicas replicas, LoadTracker loads, Duration timeout) {
        this.autoscaler = autoscaler;
        this.replicas = replicas;
        this.loads = loads;
        this.timeout = timeout;
    }

    /** A gate that counts nothing and never waits: for routes built without an autoscaler (some tests). */
    public static WakeGate open() {
        return new WakeGate(null, null, null, Duration.ZERO);
    }

    /** Counts a call to the function; complete the handle once the call is over, whatever its outcome. */
    public LoadTracker.Call started(String function) {
        return loads == null ? NOT_COUNTED : loads.started(function);
    }

    /**
     * Whether {@link #awaitReady(String)} would wait or wake (the function is at zero or has no ready replica):
     * the event-loop front hands such calls to the thread-per-call path instead of blocking its loop.
     */
    public boolean wouldWait(String function) {
        return autoscaler != null && (autoscaler.atZero(function) || replicas.endpoints(function).isEmpty());
    }

    /** Waits up to {@code scale_wake_timeout}; see {@link #awaitReady(String, Duration)}. */
    public void awaitReady(String function) {
        awaitReady(function, timeout);
    }

    /**
     * Returns at once if the function has a ready replica, or is not at zero (starting replicas are the
     * proxy's to wait for); otherwise wakes it and returns when a replica is ready.
     *
     * @throws dev.skiff.gateway.provider.FunctionNotFoundException no such function
     * @throws WakeTimeoutException                                no replica was ready in time
     */
    public void awaitReady(String function, Duration limit) {
        if (autoscaler == null || (!autoscaler.atZero(function) && !replicas.endpoints(function).isEmpty())) {
            return;
        }
        long started = System.nanoTime();
        var zero = autoscaler.wake(function);
        if (zero == Autoscaler.Zero.NONE) {
            return;
        }
        boolean ready = replicas.awaitReady(function, started + limit.toNanos());
        var waited = Duration.ofNanos(System.nanoTime() - started);
        autoscaler.recordColdStart(function, zero, waited);
        if (!ready) {
            throw new WakeTimeoutException(function, limit);
        }
    }
}

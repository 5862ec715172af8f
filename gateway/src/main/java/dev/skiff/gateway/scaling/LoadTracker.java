package dev.skiff.gateway.scaling;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Every function's load, fed by the gateway's own calls (no Prometheus round trip): {@link #started} when a
 * call arrives, {@link Call#completed} when its answer is sent. A sampler reads the in-flight counts
 * every {@link #SAMPLE} and closes one-second buckets, which the autoscaler averages over its windows.
 */
public final class LoadTracker implements AutoCloseable {
    static final Duration SAMPLE = Duration.ofMillis(10);
    /**
     * The sampler's pace while no function has a call in flight or a new call: 100 wake-ups a second cost the
     * idle gateway ~5 ms of CPU a second. A call that starts meanwhile is sampled at most this late, well
     * within the panic check's half second.
     */
    static final Duration QUIET_SAMPLE = Duration.ofMillis(100);
    static final Duration BUCKET = Duration.ofSeconds(1);

    private final Map<String, FunctionLoad> loads = new ConcurrentHashMap<>();
    private final int buckets;
    private volatile Thread sampler;
    // The sampler is in a quiet pause: the next call to start wakes it.
    private volatile boolean pausing;

    /** Keeps enough one-second buckets for the longest window. */
    public LoadTracker(Duration longestWindow) {
        this.buckets = (int) Math.max(1, (longestWindow.toMillis() + BUCKET.toMillis() - 1) / BUCKET.toMillis());
    }

    /** One call in progress; complete it once, when its answer has been sent. */
    @FunctionalInterface
    public interface Call {
        void completed();
    }

    /** Counts a call to the function (plain name, no namespace). */
    public Call started(String function) {
        var load = of(function);
        load.started(System.nanoTime());
        if (pausing) {
            pausing = false;
            LockSupport.unpark(sampler);
        }
        return () -> load.completed(System.nanoTime());
    }

    FunctionLoad of(String function) {
        var load = loads.get(function);
        return load != null ? load : loads.computeIfAbsent(function, f -> new FunctionLoad(buckets, System.nanoTime()));
    }

    /** Stops tracking a function that no longer exists. */
    void forget(String function) {
        loads.remove(function);
    }

    Iterable<String> functions() {
        return loads.keySet();
    }

    public LoadTracker start() {
        sampler = Thread.ofPlatform().daemon().name("load-sampler").start(this::sampleLoop);
        return this;
    }

    private void sampleLoop() {
        long bucketStart = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            long sleptFrom = System.nanoTime();
            boolean quiet = quiet();
            if (quiet) {
                // The first call to start ends the pause (started() unparks this thread), so the pause had no
                // call in flight until it ended.
                pausing = true;
                if (quiet()) {
                    LockSupport.parkNanos(QUIET_SAMPLE.toNanos());
                }
                pausing = false;
            } else {
                try {
                    Thread.sleep(SAMPLE);
                } catch (InterruptedException e) {
                    return;
                }
            }
            long now = System.nanoTime();
            int quietSamples = quiet ? (int) Math.max(0, (now - sleptFrom) / SAMPLE.toNanos() - 1) : 0;
            loads.values().forEach(load -> load.sample(quietSamples));
            if (now - bucketStart >= BUCKET.toNanos()) {
                double seconds = (now - bucketStart) / 1e9;
                loads.values().forEach(load -> load.closeBucket(seconds));
                bucketStart = now;
            }
        }
    }

    private boolean quiet() {
        for (var load : loads.values()) {
            if (!load.quiet()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        var thread = sampler;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

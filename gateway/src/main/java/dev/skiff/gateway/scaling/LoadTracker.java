package dev.skiff.gateway.scaling;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every function's load, fed by the gateway's own calls (no Prometheus round trip): {@link #started} when a
 * call arrives, {@link Call#completed} when its answer is sent. A sampler reads the in-flight counts
 * every {@link #SAMPLE} and closes one-second buckets, which the autoscaler averages over its windows.
 */
public final class LoadTracker implements AutoCloseable {
    static final Duration SAMPLE = Duration.ofMillis(10);
    static final Duration BUCKET = Duration.ofSeconds(1);

    private final Map<String, FunctionLoad> loads = new ConcurrentHashMap<>();
    private final int buckets;
    private volatile Thread sampler;

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
            try {
                Thread.sleep(SAMPLE);
            } catch (InterruptedException e) {
                return;
            }
            loads.values().forEach(FunctionLoad::sample);
            long now = System.nanoTime();
            if (now - bucketStart >= BUCKET.toNanos()) {
                double seconds = (now - bucketStart) / 1e9;
                loads.values().forEach(load -> load.closeBucket(seconds));
                bucketStart = now;
            }
        }
    }

    @Override
    public void close() {
        var thread = sampler;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

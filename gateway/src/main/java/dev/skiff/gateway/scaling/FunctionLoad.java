package dev.skiff.gateway.scaling;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One function's load as the gateway sees it: calls in flight and calls started, closed into one-second
 * buckets by {@link LoadTracker}'s sampler. A call costs two atomic updates and a clock read, no lock.
 */
final class FunctionLoad {
    static final java.time.Duration OPEN_BUCKET_MIN = java.time.Duration.ofMillis(300);
    /**
     * The panic window also counts the calls of the last second, whatever the bucket boundaries: a step in
     * load that came in the middle of a bucket reaches twice the old rate within about half a second and
     * its full height within one. A whole second, not a shorter span scaled up: a burst of calls at one
     * instant is that many calls in a second, not a rate ten times higher.
     */
    static final java.time.Duration RECENT = java.time.Duration.ofSeconds(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private volatile long lastCallNanos;

    // Written by the sampler thread only; read under this object's lock by the autoscaler.
    private final double[] rps;
    private final double[] concurrency;
    private int newest = -1;
    private int filled;
    // The open bucket: written by the sampler, read by the autoscaler for a panic that cannot wait a bucket.
    private volatile long startedAtBucketStart;
    private volatile long inFlightSum;
    private volatile int samples;
    private volatile long bucketOpenedNanos;
    // Calls started as of each recent sample (sampler thread; read under this object's lock): a ring
    // covering RECENT, for the rate over the last second.
    private final long[] recentStarted;
    private final long[] recentAtNanos;
    private int recentNewest = -1;
    private int recentFilled;
    // Calls started as of the last sample (sampler thread).
    private long sampledTotal;

    FunctionLoad(int buckets, long nowNanos) {
        this.rps = new double[buckets];
        this.concurrency = new double[buckets];
        this.lastCallNanos = nowNanos;
        this.bucketOpenedNanos = nowNanos;
        int recent = (int) Math.max(2, RECENT.toMillis() / LoadTracker.SAMPLE.toMillis() + 1);
        this.recentStarted = new long[recent];
        this.recentAtNanos = new long[recent];
    }

    void started(long nowNanos) {
        started.increment();
        inFlight.incrementAndGet();
        lastCallNanos = nowNanos;
    }

    void completed(long nowNanos) {
        inFlight.decrementAndGet();
        lastCallNanos = nowNanos;
    }

    /** No call in flight, and none started since the last sample (sampler thread). */
    boolean quiet() {
        return inFlight.get() == 0 && started.sum() == sampledTotal;
    }

    int inFlight() {
        return inFlight.get();
    }

    long lastCallNanos() {
        return lastCallNanos;
    }

    /** Adds one in-flight sample to the open bucket (sampler thread). */
    void sample() {
        sample(0);
    }

    /**
     * Adds one in-flight sample to the open bucket after {@code quietSamples} sample periods the sampler
     * skipped because no call was in flight or started (they count as samples of 0 in flight).
     */
    void sample(int quietSamples) {
        inFlightSum += inFlight.get();
        samples += 1 + quietSamples;
        long total = started.sum();
        sampledTotal = total;
        long now = System.nanoTime();
        synchronized (this) {
            recentNewest = (recentNewest + 1) % recentStarted.length;
            recentStarted[recentNewest] = total;
            recentAtNanos[recentNewest] = now;
            recentFilled = Math.min(recentFilled + 1, recentStarted.length);
        }
    }

    /** Calls started per second over the last {@link #RECENT} (0 until that much has been sampled). */
    private double recentRps() {
        if (recentFilled < 2) {
            return 0;
        }
        boolean full = recentFilled == recentStarted.length;
        int oldest = full ? (recentNewest + 1) % recentStarted.length : 0;
        // The newest sample at least RECENT old: the ring can span more than RECENT when the sampler ran slowly
        // while the gateway was quiet.
        for (int i = 1; i < recentFilled; i++) {
            int at = Math.floorMod(recentNewest - i, recentStarted.length);
            if (recentAtNanos[recentNewest] - recentAtNanos[at] >= RECENT.toNanos()) {
                oldest = at;
                break;
            }
        }
        long span = recentAtNanos[recentNewest] - recentAtNanos[oldest];
        // "That much" is time, not a count of samples: on a busy machine the sampler runs late, and a ring that
        // is not yet full may already span the whole second.
        if (span <= 0 || (!full && span < RECENT.toNanos())) {
            return 0;
        }
        return (recentStarted[recentNewest] - recentStarted[oldest]) / (span / 1e9);
    }

    /** Closes the open bucket, which lasted {@code seconds} (sampler thread). */
    synchronized void closeBucket(double seconds) {
        long total = started.sum();
        newest = (newest + 1) % rps.length;
        rps[newest] = (total - startedAtBucketStart) / seconds;
        concurrency[newest] = samples == 0 ? inFlight.get() : (double) inFlightSum / samples;
        filled = Math.min(filled + 1, rps.length);
        startedAtBucketStart = total;
        inFlightSum = 0;
        samples = 0;
        bucketOpenedNanos = System.nanoTime();
    }

    /** Mean over the newest {@code buckets} closed buckets (fewer if the function is newer than that). */
    synchronized Window mean(int buckets) {
        int n = Math.min(buckets, filled);
        if (n == 0) {
            return new Window(0, inFlight.get());
        }
        double r = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
            int at = Math.floorMod(newest - i, rps.length);
            r += rps[at];
            c += concurrency[at];
        }
        return new Window(r / n, c / n);
    }

    /**
     * The highest one-second value in the newest {@code buckets} closed buckets and in the last second
     * ({@link #RECENT}, calls started), and the open bucket's mean in flight once it has run
     * {@link #OPEN_BUCKET_MIN}: a jump in load is seen without waiting for a bucket to close.
     */
    synchronized Window peak(int buckets) {
        int n = Math.min(buckets, filled);
        double r = recentRps();
        double c = n == 0 ? inFlight.get() : 0;
        long open = System.nanoTime() - bucketOpenedNanos;
        if (open >= OPEN_BUCKET_MIN.toNanos() && samples > 0) {
            c = Math.max(c, (double) inFlightSum / samples);
        }
        for (int i = 0; i < n; i++) {
            int at = Math.floorMod(newest - i, rps.length);
            r = Math.max(r, rps[at]);
            c = Math.max(c, concurrency[at]);
        }
        return new Window(r, c);
    }

    /** Requests per second and mean calls in flight over a window. */
    record Window(double rps, double concurrency) {
    }
}

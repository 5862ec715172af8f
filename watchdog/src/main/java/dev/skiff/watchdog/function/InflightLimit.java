package dev.skiff.watchdog.function;

import java.util.concurrent.Semaphore;

/** The {@code max_inflight} limit on concurrent calls; 0 means no limit. */
public final class InflightLimit {

    private final int max;
    private final Semaphore permits;

    public InflightLimit(int max) {
        this.max = max;
        this.permits = max > 0 ? new Semaphore(max) : null;
    }

    /** Takes a slot without waiting; false when the limit is reached (the caller answers 429). */
    boolean tryAcquire() {
        return permits == null || permits.tryAcquire();
    }

    void release() {
        if (permits != null) {
            permits.release();
        }
    }

    /** True while every slot is taken, so /_/ready can answer 429. */
    public boolean atCapacity() {
        return permits != null && permits.availablePermits() == 0;
    }

    int max() {
        return max;
    }
}

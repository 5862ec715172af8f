package dev.skiff.queueworker.consume;

import dev.skiff.api.async.AsyncAnnotations;
import dev.skiff.api.async.QueueRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many calls run at once: in all on this worker ({@code max_inflight}) and per function. A function's
 * limit starts at its ceiling ({@code com.skiff.queue.max_inflight}, else {@code function_max_inflight},
 * else {@code max_inflight}) and adapts to what the function can take, additive increase, multiplicative
 * decrease as TCP does: halved when the function says it is full or down (429, 502, 503, 504, no answer),
 * grown by one per limit's worth of good answers back up to the ceiling. A queue then drains at the rate
 * the function allows instead of piling calls on it that fail, open its circuit and come back as retries.
 *
 * <p>A call waits for its function's slot before it takes one of the worker's, so a function at its limit
 * does not hold worker slots that other functions could use.
 */
public final class ConcurrencyLimits {
    private final Semaphore worker;
    private final int workerLimit;
    private final int functionDefault;
    private final ConcurrentHashMap<String, FunctionLimit> functions = new ConcurrentHashMap<>();

    /** A taken slot; closing gives it back, with what the try said about the function's capacity. */
    public interface Slot extends AutoCloseable {
        /** The function answered: grow its limit. */
        void served();

        /** The function was full or down: halve its limit. */
        void overloaded();

        @Override
        void close();
    }

    public ConcurrencyLimits(int workerLimit, int functionDefault) {
        this.worker = new Semaphore(workerLimit, true);
        this.workerLimit = workerLimit;
        this.functionDefault = functionDefault;
    }

    public Slot acquire(QueueRequest request) throws InterruptedException {
        var function = functionLimit(request);
        long acquiredAt = function.acquire();
        try {
            worker.acquire();
        } catch (InterruptedException e) {
            function.release();
            throw e;
        }
        return new Slot() {
            @Override
            public void served() {
                function.grow();
            }

            @Override
            public void overloaded() {
                function.shrink(acquiredAt);
            }

            @Override
            public void close() {
                worker.release();
                function.release();
            }
        };
    }

    /** The function's current limit (for metrics), or -1 before its first call. */
    public double limitOf(String function) {
        var limit = functions.get(function);
        return limit == null ? -1 : limit.current();
    }

    private FunctionLimit functionLimit(QueueRequest request) {
        int ceiling = functionDefault > 0 ? functionDefault : workerLimit;
        var value = request.annotations().get(AsyncAnnotations.MAX_INFLIGHT);
        if (value != null) {
            try {
                int annotated = Integer.parseInt(value.strip());
                if (annotated > 0) {
                    ceiling = annotated;
                }
            } catch (NumberFormatException e) {
                // a bad annotation keeps the worker's default
            }
        }
        // The first ceiling seen for a function sticks until the worker restarts.
        int max = ceiling;
        return functions.computeIfAbsent(request.function(), name -> new FunctionLimit(max));
    }

    /** One function's adaptive limit: a count of running calls below a limit that moves between 1 and the ceiling. */
    private static final class FunctionLimit {
        private final ReentrantLock lock = new ReentrantLock(true);
        private final Condition room = lock.newCondition();
        private final int ceiling;
        private double limit;
        private int running;
        private long lastDecrease = System.nanoTime();

        FunctionLimit(int ceiling) {
            this.ceiling = ceiling;
            this.limit = ceiling;
        }

        /** Waits for room; returns when the call got it, to tell later which limit it ran under. */
        long acquire() throws InterruptedException {
            lock.lock();
            try {
                while (running >= (int) limit) {
                    room.await();
                }
                running++;
                return System.nanoTime();
            } finally {
                lock.unlock();
            }
        }

        void release() {
            lock.lock();
            try {
                running--;
                room.signal();
            } finally {
                lock.unlock();
            }
        }

        void grow() {
            lock.lock();
            try {
                if (limit < ceiling) {
                    int before = (int) limit;
                    limit = Math.min(ceiling, limit + 1 / limit);
                    if ((int) limit > before) {
                        room.signal();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Halves the limit, once per round of calls: calls that got their slot before the last decrease ran
         * under the old limit, and their failures say nothing about the new one (TCP reacts once per window).
         */
        void shrink(long acquiredAt) {
            lock.lock();
            try {
                if (acquiredAt - lastDecrease > 0) {
                    limit = Math.max(1, limit / 2);
                    lastDecrease = System.nanoTime();
                }
            } finally {
                lock.unlock();
            }
        }

        double current() {
            lock.lock();
            try {
                return limit;
            } finally {
                lock.unlock();
            }
        }
    }
}

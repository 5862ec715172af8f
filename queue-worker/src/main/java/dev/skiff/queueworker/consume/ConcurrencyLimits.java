package dev.skiff.queueworker.consume;

import dev.skiff.api.async.AsyncAnnotations;
import dev.skiff.api.async.QueueRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many calls run at once: in all on this worker ({@code max_inflight}) and per function
 * ({@code com.skiff.queue.max_inflight}, else {@code function_max_inflight}, 0 = no own limit).
 * A call waits for its function's slot before it takes one of the worker's, so a function at its limit
 * does not hold worker slots that other functions could use.
 */
public final class ConcurrencyLimits {
    private final Semaphore worker;
    private final int functionDefault;
    private final ConcurrentHashMap<String, Semaphore> functions = new ConcurrentHashMap<>();

    /** A taken slot; closing gives it back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    public ConcurrencyLimits(int workerLimit, int functionDefault) {
        this.worker = new Semaphore(workerLimit, true);
        this.functionDefault = functionDefault;
    }

    public Slot acquire(QueueRequest request) throws InterruptedException {
        var function = functionSemaphore(request);
        if (function != null) {
            function.acquire();
        }
        try {
            worker.acquire();
        } catch (InterruptedException e) {
            if (function != null) {
                function.release();
            }
            throw e;
        }
        return () -> {
            worker.release();
            if (function != null) {
                function.release();
            }
        };
    }

    private Semaphore functionSemaphore(QueueRequest request) {
        int limit = functionDefault;
        var value = request.annotations().get(AsyncAnnotations.MAX_INFLIGHT);
        if (value != null) {
            try {
                limit = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                // a bad annotation keeps the worker's default
            }
        }
        if (limit <= 0) {
            return null;
        }
        // The first limit seen for a function sticks until the worker restarts.
        int permits = limit;
        return functions.computeIfAbsent(request.function(), name -> new Semaphore(permits, true));
    }
}

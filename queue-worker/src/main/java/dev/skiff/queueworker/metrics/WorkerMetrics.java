package dev.skiff.queueworker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's series, per function ({@code function_name}) or queue ({@code queue}):
 *
 * <ul>
 *   <li>{@code skiff_async_inflight}: calls running now;</li>
 *   <li>{@code skiff_async_completed_total} {code}: calls finished with the function's answer;</li>
 *   <li>{@code skiff_async_retried_total}: tries that failed and were scheduled again;</li>
 *   <li>{@code skiff_async_capacity_waits_total}: answers that the function had no room (429, or the
 *       gateway's own 503), waited out without using up a try;</li>
 *   <li>{@code skiff_async_concurrency_limit}: calls of the function this worker lets run at once now
 *       (the adaptive limit);</li>
 *   <li>{@code skiff_async_dead_lettered_total}: calls given up on;</li>
 *   <li>{@code skiff_async_callback_failed_total}: results the callback URL never took;</li>
 *   <li>{@code skiff_async_queue_delay_seconds}: from accepted to first try, a histogram (5 ms to 5 min);</li>
 *   <li>{@code skiff_async_queue_depth} {queue}: calls stored and not yet acked.</li>
 * </ul>
 */
public final class WorkerMetrics {
    private static final Duration[] DELAY_BUCKETS = java.util.stream.DoubleStream.of(
                    .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300)
            .mapToObj(seconds -> Duration.ofNanos((long) (seconds * 1e9))).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> delays = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Gauge> limits = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void started(String function) {
        inflightOf(function).incrementAndGet();
    }

    public void finishedTry(String function) {
        inflightOf(function).decrementAndGet();
    }

    public void completed(String function, int code) {
        counter("skiff.async.completed", function, String.valueOf(code)).increment();
    }

    public void retried(String function) {
        counter("skiff.async.retried", function, null).increment();
    }

    public void waitedForCapacity(String function) {
        counter("skiff.async.capacity.waits", function, null).increment();
    }

    /** Registers the function's adaptive concurrency limit, read from {@code limit} at each scrape. */
    public void concurrencyLimit(String function, java.util.function.ToDoubleFunction<String> limit) {
        limits.computeIfAbsent(function, name -> Gauge.builder("skiff.async.concurrency.limit", name, limit)
                .description("Calls of the function this worker runs at once now (adaptive limit)")
                .tag("function_name", name)
                .register(registry));
    }

    public void deadLettered(String function) {
        counter("skiff.async.dead.lettered", function, null).increment();
    }

    public void callbackFailed(String function) {
        counter("skiff.async.callback.failed", function, null).increment();
    }

    public void queueDelay(String function, Duration delay) {
        delays.computeIfAbsent(function, name -> Timer.builder("skiff.async.queue.delay")
                .description("Time from the gateway's accept to the first try")
                .tag("function_name", name)
                // Fixed buckets rather than client-side percentiles: they add up across replicas, and a
                // benchmark can take the p99 of one burst from two scrapes.
                .serviceLevelObjectives(DELAY_BUCKETS)
                .register(registry)).record(delay);
    }

    public void queueDepth(String queue, long messages) {
        depth.computeIfAbsent(queue, name -> {
            var value = new AtomicLong();
            Gauge.builder("skiff.async.queue.depth", value, AtomicLong::get)
                    .description("Calls stored in the queue and not yet acked")
                    .tag("queue", name)
                    .register(registry);
            return value;
        }).set(messages);
    }

    private AtomicInteger inflightOf(String function) {
        return inflight.computeIfAbsent(function, name -> {
            var value = new AtomicInteger();
            Gauge.builder("skiff.async.inflight", value, AtomicInteger::get)
                    .description("Queued calls running now")
                    .tag("function_name", name)
                    .register(registry);
            return value;
        });
    }

    private Counter counter(String metric, String function, String code) {
        var key = metric + "|" + function + "|" + code;
        return counters.computeIfAbsent(key, k -> {
            var builder = Counter.builder(metric).tag("function_name", function);
            if (code != null) {
                builder.tag("code", code);
            }
            return builder.register(registry);
        });
    }
}

package dev.skiff.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-function call metrics, named as the OpenFaaS gateway names them once Micrometer's Prometheus naming
 * has added its suffixes:
 *
 * <ul>
 *   <li>{@code gateway_function_invocation_started_total} {function_name}, counted when a call arrives;</li>
 *   <li>{@code gateway_function_invocation_total} {function_name, code}, counted when the answer is sent;</li>
 *   <li>{@code gateway_functions_seconds} {function_name, code}, a histogram with OpenFaaS's buckets.</li>
 * </ul>
 *
 * {@code function_name} is {@code name.namespace}. The completed counter is the one source of the
 * {@code invocationCount} the functions API reports (its sum over codes).
 */
public final class InvocationMetrics {
    static final String STARTED = "gateway.function.invocation.started";
    static final String COMPLETED = "gateway.function.invocation";
    static final String SECONDS = "gateway.functions";
    static final String FUNCTION_NAME = "function_name";
    static final String CODE = "code";
    /** The OpenFaaS gateway's buckets, in seconds. */
    static final double[] BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    private static final Duration[] BUCKET_DURATIONS = bucketDurations();

    private final MeterRegistry registry;
    private final String namespace;
    private final SystemCallMetrics systemCalls;
    // The meters of each series, looked up once: Micrometer's builder().register() builds and sorts a
    // meter id on every call, which is three times per proxied call on the hot path otherwise.
    private final ConcurrentHashMap<String, Counter> startedCounters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Series, Answered> answeredMeters = new ConcurrentHashMap<>();

    /** One {@code function_name}, {@code code} series. */
    private record Series(String functionName, int status) {
    }

    /** The completed counter and the duration histogram of one series. */
    private record Answered(Counter count, Timer duration) {
    }

    /** @param namespace added to a name given without one */
    public InvocationMetrics(MeterRegistry registry, String namespace) {
        this.registry = registry;
        this.namespace = namespace;
        this.systemCalls = new SystemCallMetrics(registry);
    }

    /** The routing filter that counts {@code /system/*} calls in the same registry ({@code provider_http_*}). */
    public SystemCallMetrics systemCalls() {
        return systemCalls;
    }

    /** The {@code function_name} label: {@code name.namespace}, the default namespace added when omitted. */
    public String functionName(String name) {
        return name.indexOf('.') >= 0 ? name : name + "." + namespace;
    }

    /** The {@code function_name} label of a function listed with its namespace (blank: the default one). */
    public String functionName(String name, String namespace) {
        return namespace == null || namespace.isBlank() ? functionName(name) : name + "." + namespace;
    }

    /** Counts a call as started; complete the returned invocation when its answer has been sent. */
    public Invocation started(String functionName) {
        startedCounters.computeIfAbsent(functionName, name -> Counter.builder(STARTED)
                        .description("Function calls started")
                        .tag(FUNCTION_NAME, name)
                        .register(registry))
                .increment();
        return new Invocation(functionName, System.nanoTime());
    }

    /** Calls to a function answered so far, whatever their status. */
    public long invocationCount(String name, String namespace) {
        return (long) registry.find(COMPLETED).tag(FUNCTION_NAME, functionName(name, namespace)).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** One call in flight. */
    public final class Invocation {
        private final String functionName;
        private final long startNanos;

        private Invocation(String functionName, long startNanos) {
            this.functionName = functionName;
            this.startNanos = startNanos;
        }

        /** Counts and times the call, labelled with the status sent. */
        public void completed(int status) {
            var meters = answeredMeters.computeIfAbsent(new Series(functionName, status),
                    InvocationMetrics.this::answered);
            meters.count().increment();
            meters.duration().record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    private Answered answered(Series series) {
        var code = String.valueOf(series.status());
        return new Answered(
                Counter.builder(COMPLETED)
                        .description("Function calls answered")
                        .tags(FUNCTION_NAME, series.functionName(), CODE, code)
                        .register(registry),
                Timer.builder(SECONDS)
                        .description("Function call duration")
                        .tags(FUNCTION_NAME, series.functionName(), CODE, code)
                        .serviceLevelObjectives(BUCKET_DURATIONS)
                        .register(registry));
    }

    /** {@link #BUCKETS} as durations (Prometheus's default buckets too). */
    static Duration[] bucketDurations() {
        var durations = new Duration[BUCKETS.length];
        for (int i = 0; i < BUCKETS.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(BUCKETS[i] * 1e9));
        }
        return durations;
    }
}

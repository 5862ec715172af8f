package dev.skiff.gateway.scaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The autoscaler's series, on the gateway's Prometheus registry:
 * {@code gateway_scaling_decisions_total{function_name,action}} (up, down, zero, wake),
 * {@code gateway_scaling_desired_replicas{function_name}}, and
 * {@code gateway_function_cold_start_seconds{function_name,zero}} (cold or warm), a histogram of how
 * long each call that found its function at zero waited for it.
 */
public final class ScalingMetrics {
    static final String FUNCTION_NAME = "function_name";
    private static final Duration[] COLD_START_BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
        Duration.ofMillis(500), Duration.ofMillis(650), Duration.ofMillis(800), Duration.ofSeconds(1),
        Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final String namespace;
    private final Map<String, AtomicLong> desired = new ConcurrentHashMap<>();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Timer> coldStarts = new ConcurrentHashMap<>();

    /** @param namespace added to function names, as the invocation metrics label them ({@code name.namespace}) */
    public ScalingMetrics(MeterRegistry registry, String namespace) {
        this.registry = registry;
        this.namespace = namespace;
    }

    void desired(String function, long replicas) {
        desired.computeIfAbsent(function, f -> {
            var value = new AtomicLong();
            Gauge.builder("gateway.scaling.desired.replicas", value, AtomicLong::get)
                    .description("Replicas the autoscaler wants for a function")
                    .tag(FUNCTION_NAME, label(f))
                    .strongReference(true)
                    .register(registry);
            return value;
        }).set(replicas);
    }

    void decision(String function, String action) {
        decisions.computeIfAbsent(function + "\n" + action, key -> Counter.builder("gateway.scaling.decisions")
                .description("Replica changes the autoscaler made, by action")
                .tag(FUNCTION_NAME, label(function))
                .tag("action", action)
                .register(registry)).increment();
    }

    void coldStart(String function, String zero, Duration waited) {
        coldStarts.computeIfAbsent(function + "\n" + zero, key -> Timer.builder("gateway.function.cold.start")
                .description("How long calls to a function at zero waited for a ready replica")
                .tag(FUNCTION_NAME, label(function))
                .tag("zero", zero)
                .serviceLevelObjectives(COLD_START_BUCKETS)
                .register(registry)).record(waited);
    }

    /** Drops a removed function's series. */
    void forget(String function) {
        var gauge = desired.remove(function);
        if (gauge != null) {
            var meter = registry.find("gateway.scaling.desired.replicas").tag(FUNCTION_NAME, label(function)).gauge();
            if (meter != null) {
                registry.remove(meter);
            }
        }
    }

    private String label(String function) {
        return function + "." + namespace;
    }
}

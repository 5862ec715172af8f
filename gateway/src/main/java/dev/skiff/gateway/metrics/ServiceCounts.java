package dev.skiff.gateway.metrics;

import dev.skiff.api.FunctionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code gateway_service_count} {function_name}: each function's desired replicas, read from the provider's
 * list every {@link #INTERVAL} as the OpenFaaS gateway polls it. A removed function's series goes away.
 */
public final class ServiceCounts implements AutoCloseable {
    static final String NAME = "gateway.service.count";
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(ServiceCounts.class.getName());

    private final MeterRegistry registry;
    private final Supplier<List<FunctionStatus>> functions;
    private final InvocationMetrics names;
    private final Map<String, AtomicLong> replicas = new ConcurrentHashMap<>();
    private volatile Thread poller;

    /** @param functions the provider's list, e.g. {@code provider::list} */
    public ServiceCounts(MeterRegistry registry, Supplier<List<FunctionStatus>> functions, InvocationMetrics names) {
        this.registry = registry;
        this.functions = functions;
        this.names = names;
    }

    /** Refreshes now, then every {@link #INTERVAL} on a virtual thread until {@link #close()}. */
    public ServiceCounts start() {
        poller = Thread.ofVirtual().name("service-counts").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    // The provider may be briefly unreachable; the last values stand until the next poll.
                    LOG.log(Level.WARNING, "could not refresh gateway_service_count: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** Reads the provider's list once and sets the gauges to it. */
    public void refresh() {
        var seen = new HashSet<String>();
        for (var status : functions.get()) {
            var label = names.functionName(status.name(), status.namespace());
            seen.add(label);
            replicas.computeIfAbsent(label, this::register).set(status.replicas());
        }
        for (var label : List.copyOf(replicas.keySet())) {
            if (!seen.contains(label)) {
                replicas.remove(label);
                var gauge = registry.find(NAME).tag(InvocationMetrics.FUNCTION_NAME, label).gauge();
                if (gauge != null) {
                    registry.remove(gauge);
                }
            }
        }
    }

    private AtomicLong register(String label) {
        var value = new AtomicLong();
        Gauge.builder(NAME, value, AtomicLong::get)
                .description("Desired replicas of a function")
                .tag(InvocationMetrics.FUNCTION_NAME, label)
                .strongReference(true)
                .register(registry);
        return value;
    }

    @Override
    public void close() {
        var thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

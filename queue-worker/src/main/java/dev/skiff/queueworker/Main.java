package dev.skiff.queueworker;

import dev.skiff.queueworker.config.WorkerConfig;
import dev.skiff.queueworker.consume.CallHandler;
import dev.skiff.queueworker.consume.ConcurrencyLimits;
import dev.skiff.queueworker.consume.QueueConsumers;
import dev.skiff.queueworker.consume.RetryPolicy;
import dev.skiff.queueworker.invoke.CallbackPoster;
import dev.skiff.queueworker.invoke.FunctionCaller;
import dev.skiff.queueworker.metrics.MetricsService;
import dev.skiff.queueworker.metrics.WorkerMetrics;
import dev.skiff.queueworker.outcome.DeadLetterWriter;
import dev.skiff.queueworker.outcome.StatusWriter;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;

/** Reads the config, serves /metrics and /healthz, connects to NATS, and consumes every queue. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig.configureRuntime();
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("queue-worker: " + e.getMessage());
            System.exit(1);
            return;
        }
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var connection = connect(config);
        var server = WebServer.builder()
                .port(config.metricsPort())
                .routing(routing -> routing.register("/", new MetricsService(registry,
                        () -> connection.getStatus() == Connection.Status.CONNECTED)))
                .build()
                .start();
        var consumers = start(config, connection, new WorkerMetrics(registry));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumers.close();
            server.stop();
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        LOG.info(() -> "queue worker: " + config.natsUrl() + " stream " + config.names().stream() + ", calls via "
                + config.gateway() + ", max_inflight " + config.maxInflight() + ", metrics on port " + server.port());
    }

    /** The worker's parts, wired; tests call this with their own config and connection. */
    public static QueueConsumers start(WorkerConfig config, Connection connection, WorkerMetrics metrics) {
        var handler = new CallHandler(
                new FunctionCaller(config.gateway(), config.callTimeout()),
                new CallbackPoster(CallbackPoster.httpClient(), config.callbackAttempts(), config.callbackTimeout()),
                new StatusWriter(connection, config.names()),
                new DeadLetterWriter(connection, config.names()),
                new RetryPolicy(config.maxAttempts(), config.retryMinWait(), config.retryMaxWait(), config.capacityWait()),
                new ConcurrencyLimits(config.maxInflight(), config.functionMaxInflight()),
                metrics,
                heartbeats(),
                config.ackWait());
        // Each queue holds up to four times the worker's concurrency: enough to keep calls flowing while
        // others finish, bounded so that one worker does not take what its sibling replicas could run.
        return new QueueConsumers(connection, config.names(), handler, metrics, config.ackWait(),
                config.maxInflight() * 4).start();
    }

    /**
     * The thread that sends progress acks and deferred {@code running} statuses. Each call schedules both and
     * cancels them when it ends (most calls end first); a cancelled task left in the queue woke this thread at
     * its time only to be dropped, two wake-ups per completed call, so cancelled tasks leave the queue at once.
     */
    private static ScheduledExecutorService heartbeats() {
        var executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("heartbeats").factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Connects, retrying until NATS answers, and reconnects forever after. */
    public static Connection connect(WorkerConfig config) throws IOException, InterruptedException {
        // A restarted nats task comes back on a new overlay address under the same name: look the name up
        // again within a second or two, not after the JVM's default 30 s of cached answers.
        java.security.Security.setProperty("networkaddress.cache.ttl", "2");
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "1");
        var options = Options.builder()
                .server(config.natsUrl())
                .connectionName("skiff-queue-worker-" + hostName())
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .build();
        return Nats.connectReconnectOnConnect(options);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^a-zA-Z0-9_-]", "_");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

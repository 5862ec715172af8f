package dev.skiff.gateway.async;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's one NATS connection and the JetStream storage it publishes to: the request stream
 * (work-queue retention, file storage, de-duplication window), the dead-letter stream and the status
 * bucket. It connects in the background and reconnects forever; after every (re)connect it makes sure
 * the three exist, so that a nats-server that lost its volume comes back usable. Until then
 * {@link #ready()} is false and calls are refused with 503 rather than buffered.
 */
public final class JetStreamQueue implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JetStreamQueue.class.getName());
    private static final int STREAM_NOT_FOUND = 10059;

    private final AsyncConfig config;
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final AtomicBoolean storageReady = new AtomicBoolean();
    private final AtomicReference<BoundJetStream> jetStream = new AtomicReference<>();

    private JetStreamQueue(AsyncConfig config) {
        this.config = config;
    }

    /** Starts connecting and returns at once: the gateway serves its other routes while NATS is away. */
    public static JetStreamQueue connect(AsyncConfig config) {
        // A restarted nats task comes back on a new overlay address under the same name: look the name up
        // again within a second or two, not after the JVM's default 30 s of cached answers.
        java.security.Security.setProperty("networkaddress.cache.ttl", "2");
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "1");
        var queue = new JetStreamQueue(config);
        var options = Options.builder()
                .server(config.natsUrl())
                .connectionName("skiff-gateway-" + hostName())
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                // No buffering while disconnected: a call must get 503 then, never a 202 for a message
                // that sits in this process's memory.
                .reconnectBufferSize(0)
                // Calls are published without a waiting thread (publishAsync); the client's clean-up of requests
                // that got no answer is what fails them, so it runs as often as the publish timeout, and a call
                // whose ack never comes gets its 503 after one to two timeouts (5 s by default would be 5-10 s).
                .requestCleanupInterval(config.publishTimeout())
                .connectionListener(queue::onEvent)
                .build();
        try {
            Nats.connectAsynchronously(options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the NATS connection", e);
        }
        return queue;
    }

    /** Connected and the streams are in place. */
    public boolean ready() {
        var current = connection.get();
        return current != null && current.getStatus() == Connection.Status.CONNECTED && storageReady.get();
    }

    /** The connection; {@link QueueUnavailableException} when NATS is not reachable now. */
    public Connection connection() {
        var current = connection.get();
        if (current == null || !ready()) {
            throw new QueueUnavailableException("the queue (NATS at " + config.natsUrl()
                    + ") is not reachable now; try again shortly", null);
        }
        return current;
    }

    /** The JetStream context, made once per connection: it is thread-safe, and every call publishes through it. */
    public JetStream jetStream() {
        var current = connection();
        var cached = jetStream.get();
        if (cached != null && cached.connection() == current) {
            return cached.context();
        }
        try {
            var context = current.jetStream(JetStreamOptions.builder().requestTimeout(config.publishTimeout()).build());
            jetStream.set(new BoundJetStream(current, context));
            return context;
        } catch (IOException e) {
            throw new QueueUnavailableException("JetStream is not available on " + config.natsUrl(), e);
        }
    }

    private record BoundJetStream(Connection connection, JetStream context) {
    }

    public JetStreamManagement management() {
        try {
            return connection().jetStreamManagement(
                    JetStreamOptions.builder().requestTimeout(config.publishTimeout()).build());
        } catch (IOException e) {
            throw new QueueUnavailableException("JetStream is not available on " + config.natsUrl(), e);
        }
    }

    public AsyncConfig config() {
        return config;
    }

    private void onEvent(Connection conn, ConnectionListener.Events event) {
        // Kept from the first event on, so that close() also stops a connection still trying to connect.
        connection.compareAndSet(null, conn);
        switch (event) {
            case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
                connection.set(conn);
                // Not on the listener's thread: creating streams is a round trip per stream.
                Thread.ofVirtual().name("jetstream-setup").start(() -> ensureStorage(conn));
            }
            case DISCONNECTED -> {
                storageReady.set(false);
                LOG.warning(() -> "NATS at " + config.natsUrl() + " disconnected: async calls answer 503 until it is back");
            }
            default -> {
            }
        }
    }

    private void ensureStorage(Connection conn) {
        try {
            var management = conn.jetStreamManagement();
            var names = config.names();
            ensureStream(management, StreamConfiguration.builder()
                    .name(names.stream())
                    .subjects(names.subjects())
                    .retentionPolicy(RetentionPolicy.WorkQueue)
                    .storageType(StorageType.File)
                    .duplicateWindow(config.dedupWindow())
                    .build());
            ensureStream(management, StreamConfiguration.builder()
                    .name(names.deadLetterStream())
                    .subjects(names.deadLetterStream() + ".>")
                    .retentionPolicy(RetentionPolicy.Limits)
                    .storageType(StorageType.File)
                    .build());
            var buckets = conn.keyValueManagement();
            if (!buckets.getBucketNames().contains(names.statusBucket())) {
                buckets.create(KeyValueConfiguration.builder()
                        .name(names.statusBucket())
                        .ttl(config.statusWindow())
                        .maxHistoryPerKey(1)
                        .storageType(StorageType.File)
                        .build());
            }
            storageReady.set(true);
            LOG.info(() -> "async calls: stream " + names.stream() + " on " + config.natsUrl() + " ready");
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot set up the JetStream streams on " + config.natsUrl()
                    + " (is nats-server started with -js?); async calls answer 503", e);
        }
    }

    private static void ensureStream(JetStreamManagement management, StreamConfiguration wanted)
            throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(wanted.getName());
            management.updateStream(wanted);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            management.addStream(wanted);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^a-zA-Z0-9_-]", "_");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        var current = connection.getAndSet(null);
        if (current != null) {
            try {
                current.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

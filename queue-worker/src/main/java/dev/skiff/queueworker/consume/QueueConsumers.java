package dev.skiff.queueworker.consume;

import dev.skiff.api.async.QueueNames;
import dev.skiff.queueworker.metrics.WorkerMetrics;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamInfoOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One durable pull consumer per queue ({@code CHANNEL-QUEUE}), shared by every worker replica, each fed by
 * a fetch loop of its own: a queue of slow calls then holds only its own messages, never another queue's.
 * Queues are found from the subjects stored in the stream (the {@code default} queue always runs), every
 * two seconds, which also refreshes the queue-depth gauge.
 */
public final class QueueConsumers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueConsumers.class.getName());
    private static final Duration DISCOVERY_PERIOD = Duration.ofSeconds(2);
    private static final Duration FETCH_EXPIRY = Duration.ofSeconds(2);
    private static final int MAX_BATCH = 64;

    private final Connection connection;
    private final QueueNames names;
    private final CallHandler handler;
    private final WorkerMetrics metrics;
    private final Duration ackWait;
    private final int heldPerQueue;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ConsumerContext> consumers = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** @param heldPerQueue messages one queue's loop holds at once (waiting or running) on this worker */
    public QueueConsumers(Connection connection, QueueNames names, CallHandler handler, WorkerMetrics metrics,
                          Duration ackWait, int heldPerQueue) {
        this.connection = connection;
        this.names = names;
        this.handler = handler;
        this.metrics = metrics;
        this.ackWait = ackWait;
        this.heldPerQueue = heldPerQueue;
    }

    public QueueConsumers start() {
        Thread.ofVirtual().name("queue-discovery").start(this::discover);
        return this;
    }

    /** The queues being consumed now. */
    public Set<String> queues() {
        return new TreeSet<>(consumers.keySet());
    }

    private void discover() {
        while (running) {
            try {
                var queues = new TreeSet<String>();
                queues.add(QueueNames.DEFAULT_QUEUE);
                var info = connection.jetStreamManagement().getStreamInfo(names.stream(), StreamInfoOptions.allSubjects());
                var subjects = info.getStreamState().getSubjects();
                if (subjects != null) {
                    subjects.forEach(s -> {
                        var queue = names.queueOf(s.getName());
                        if (queue != null) {
                            queues.add(queue);
                        }
                    });
                }
                for (var queue : queues) {
                    if (!consumers.containsKey(queue)) {
                        startQueue(queue);
                    }
                }
                for (var entry : consumers.entrySet()) {
                    var consumer = entry.getValue().getConsumerInfo();
                    metrics.queueDepth(entry.getKey(), consumer.getNumPending() + consumer.getNumAckPending());
                }
            } catch (Exception e) {
                // The stream may not exist yet (the gateway creates it) or NATS may be away: look again soon.
                LOG.log(Level.FINE, "queue discovery failed; retrying", e);
            }
            sleep(DISCOVERY_PERIOD);
        }
    }

    private void startQueue(String queue) throws Exception {
        var config = ConsumerConfiguration.builder()
                .durable(names.consumer(queue))
                .filterSubject(names.queueFilter(queue))
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .deliverPolicy(DeliverPolicy.All)
                // Retries and dead letters are the worker's: the server redelivers without a limit.
                .maxDeliver(-1)
                .maxAckPending(10_000)
                .build();
        var consumer = connection.getStreamContext(names.stream()).createOrUpdateConsumer(config);
        consumers.put(queue, consumer);
        Thread.ofVirtual().name("queue-" + queue).start(() -> fetchLoop(queue, consumer));
        LOG.info(() -> "consuming queue " + queue + " (consumer " + names.consumer(queue) + ")");
    }

    private void fetchLoop(String queue, ConsumerContext consumer) {
        var held = new Semaphore(heldPerQueue);
        // Each fetch is a round trip to NATS, and this loop makes one at a time: fetching as soon as one
        // call finished meant one message per round trip (~280 calls/s however fast the function). Waiting
        // for a quarter of the room to be free keeps three quarters held (calls enough to run meanwhile)
        // and takes the rest in one fetch.
        int chunk = Math.max(1, Math.min(MAX_BATCH, heldPerQueue / 4));
        while (running) {
            int room = 0;
            try {
                held.acquire(chunk);
                room = chunk + Math.min(held.drainPermits(), MAX_BATCH - chunk);
                var options = FetchConsumeOptions.builder().maxMessages(room).expiresIn(FETCH_EXPIRY.toMillis()).build();
                try (var fetch = consumer.fetch(options)) {
                    io.nats.client.Message message;
                    while (room > 0 && (message = fetch.nextMessage()) != null) {
                        room--;
                        var taken = message;
                        calls.submit(() -> {
                            try {
                                handler.handle(taken);
                            } finally {
                                held.release();
                            }
                        });
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(Level.FINE, "fetch from queue " + queue + " failed; retrying", e);
                sleep(Duration.ofSeconds(1));
            } finally {
                held.release(room);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        calls.shutdown();
    }
}

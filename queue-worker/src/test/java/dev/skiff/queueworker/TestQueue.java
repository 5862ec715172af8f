package dev.skiff.queueworker;

import dev.skiff.api.Json;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.QueueNames;
import dev.skiff.api.async.QueueRequest;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The host's nats-server (127.0.0.1:4222, JetStream on; bin/test starts it) with a stream, dead-letter
 * stream and status bucket of a channel no other test uses, laid out as the gateway lays them out, and
 * removed on close.
 */
final class TestQueue implements AutoCloseable {
    static final String URL = "nats://127.0.0.1:4222";

    final Connection connection;
    final QueueNames names;

    TestQueue() throws Exception {
        // A quiet error listener: the worker's pulls end with "consumer deleted" when a test removes its streams.
        this.connection = Nats.connect(Options.builder().server(URL).errorListener(new ErrorListener() { }).build());
        this.names = new QueueNames("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        var management = connection.jetStreamManagement();
        management.addStream(StreamConfiguration.builder().name(names.stream()).subjects(names.subjects())
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.Memory).build());
        management.addStream(StreamConfiguration.builder().name(names.deadLetterStream())
                .subjects(names.deadLetterStream() + ".>").storageType(StorageType.Memory).build());
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name(names.statusBucket())
                .storageType(StorageType.Memory).build());
    }

    /** Queues a call as the gateway does; returns its call id. */
    String publish(String function, Map<String, String> annotations, String callbackUrl, String body)
            throws Exception {
        var queue = annotations.getOrDefault("com.openfaas.queue", QueueNames.DEFAULT_QUEUE);
        var callId = UUID.randomUUID().toString();
        var request = new QueueRequest(Map.of("Content-Type", List.of("text/plain"), "X-Call-Id", List.of(callId)),
                "gateway:8080", body.getBytes(), "PUT", "/sub/path", "a=1&b=2", function, callbackUrl, callId, queue,
                annotations, System.currentTimeMillis() * 1_000_000L);
        connection.jetStream().publish(names.subject(queue, function), Json.mapper().writeValueAsBytes(request),
                PublishOptions.builder().messageId(callId).build());
        return callId;
    }

    Optional<CallStatus> status(String callId) throws Exception {
        var entry = connection.keyValue(names.statusBucket()).get(QueueNames.statusKey(callId));
        return entry == null ? Optional.empty() : Optional.of(Json.mapper().readValue(entry.getValue(), CallStatus.class));
    }

    long deadLetterCount() throws Exception {
        return connection.jetStreamManagement().getStreamInfo(names.deadLetterStream()).getStreamState().getMsgCount();
    }

    long storedCalls() throws Exception {
        return connection.jetStreamManagement().getStreamInfo(names.stream()).getStreamState().getMsgCount();
    }

    static void await(Check check, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + limit);
            }
            Thread.sleep(50);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    @Override
    public void close() throws Exception {
        var management = connection.jetStreamManagement();
        management.deleteStream(names.stream());
        management.deleteStream(names.deadLetterStream());
        connection.keyValueManagement().delete(names.statusBucket());
        connection.close();
    }
}

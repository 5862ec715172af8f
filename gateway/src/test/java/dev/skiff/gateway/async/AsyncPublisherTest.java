package dev.skiff.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.Json;
import dev.skiff.api.async.CallState;
import dev.skiff.api.async.DeadLetter;
import dev.skiff.api.async.QueueRequest;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing, statuses and dead letters against the host's real nats-server (127.0.0.1:4222 with
 * JetStream; bin/test starts it), each test on a channel of its own whose streams it removes.
 */
class AsyncPublisherTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JetStreamQueue queue;
    private AsyncPublisher publisher;
    private CallStatuses statuses;

    @BeforeEach
    void connect() throws Exception {
        queue = JetStreamQueue.connect(config(4222));
        awaitReady(queue);
        statuses = new CallStatuses(queue);
        publisher = new AsyncPublisher(queue, new FunctionCatalog(name -> {
            throw new FunctionNotFoundException(name);
        }), statuses, registry, "openfaas-fn");
    }

    @AfterEach
    void removeStreams() throws Exception {
        var management = queue.connection().jetStreamManagement();
        var names = queue.config().names();
        management.deleteStream(names.stream());
        management.deleteStream(names.deadLetterStream());
        queue.connection().keyValueManagement().delete(names.statusBucket());
        queue.close();
    }

    private static AsyncConfig config(int port) {
        var channel = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return AsyncConfig.fromEnv(Map.of("faas_nats_address", "127.0.0.1", "faas_nats_port", String.valueOf(port),
                "faas_nats_channel", channel, "async_publish_timeout", "1s")).orElseThrow();
    }

    private static void awaitReady(JetStreamQueue queue) throws InterruptedException {
        for (int i = 0; i < 100 && !queue.ready(); i++) {
            Thread.sleep(50);
        }
        assertTrue(queue.ready(), "the queue never became ready");
    }

    private static QueueRequest request(String function, byte[] body) {
        var callId = UUID.randomUUID().toString();
        return new QueueRequest(Map.of("X-Call-Id", List.of(callId)), "gateway:8080", body, "POST", "/x", "a=1",
                function, null, callId, "default", Map.of(), System.currentTimeMillis() * 1_000_000L);
    }

    @Test
    void storesTheCallOnItsQueueSubjectMarksItQueuedAndDropsARepeatedMessageId() throws Exception {
        var call = request("echo", "hello".getBytes());
        assertTrue(publisher.publish(call, "key-1"));
        assertFalse(publisher.publish(request("echo", "again".getBytes()), "key-1"));

        var names = queue.config().names();
        var stored = queue.connection().jetStreamManagement().getMessage(names.stream(), 1);
        assertEquals(names.subject("default", "echo"), stored.getSubject());
        var read = Json.mapper().readValue(stored.getData(), QueueRequest.class);
        assertEquals(call.callId(), read.callId());
        assertEquals("hello", new String(read.body()));
        assertEquals(1, queue.connection().jetStreamManagement().getStreamInfo(names.stream()).getStreamState()
                .getMsgCount());
        assertEquals(CallState.QUEUED, awaitStatus(call.callId()).state());
        assertTrue(registry.scrape().contains("gateway_async_queued_total{function_name=\"echo.openfaas-fn\"} 1.0"));
    }

    @Test
    void refusesACallLargerThanNatsTakes() {
        var body = new byte[(int) queue.connection().getMaxPayload()];
        assertThrows(CallTooLargeException.class, () -> publisher.publish(request("echo", body), "big"));
    }

    @Test
    void refusesWithUnavailableWhenNatsCannotBeReached() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (var away = JetStreamQueue.connect(config(closed))) {
            var offline = new AsyncPublisher(away, new FunctionCatalog(name -> null), new CallStatuses(away),
                    registry, "openfaas-fn");
            assertFalse(away.ready());
            assertThrows(QueueUnavailableException.class, () -> offline.publish(request("echo", new byte[0]), "x"));
        }
    }

    @Test
    void listsReplaysAndPurgesDeadLetters() throws Exception {
        var names = queue.config().names();
        var js = queue.connection().jetStream();
        var dead = request("broken", "x".getBytes());
        for (var function : List.of("broken", "other")) {
            var call = function.equals("broken") ? dead : request(function, new byte[0]);
            js.publish(names.deadLetterSubject(function), Json.mapper().writeValueAsBytes(
                    new DeadLetter(0, call.callId(), function, 3, 503, "the function answered 503", Instant.now(), call)));
        }
        var deadLetters = new DeadLetters(queue, statuses);

        assertEquals(2, deadLetters.list(Optional.empty()).size());
        var letters = deadLetters.list(Optional.of("broken"));
        assertEquals(1, letters.size());
        assertEquals(dead.callId(), letters.get(0).callId());
        assertEquals(3, letters.get(0).attempts());

        assertEquals(1, deadLetters.replay(letters.get(0).sequence()));
        assertTrue(deadLetters.list(Optional.of("broken")).isEmpty());
        var requeued = queue.connection().jetStreamManagement().getLastMessage(names.stream(),
                names.subject("default", "broken"));
        assertEquals(dead.callId(), Json.mapper().readValue(requeued.getData(), QueueRequest.class).callId());
        assertThrows(DeadLetterNotFoundException.class, () -> deadLetters.replay(letters.get(0).sequence()));

        assertEquals(1, deadLetters.purge(Optional.empty()));
        assertTrue(deadLetters.list(Optional.empty()).isEmpty());
    }

    private dev.skiff.api.async.CallStatus awaitStatus(String callId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            var status = statuses.get(callId);
            if (status.isPresent()) {
                return status.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no status for " + callId);
    }
}

package dev.skiff.queueworker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.async.CallState;
import dev.skiff.queueworker.config.WorkerConfig;
import dev.skiff.queueworker.consume.QueueConsumers;
import dev.skiff.queueworker.metrics.WorkerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker against the host's real nats-server: calls taken off JetStream, made over real HTTP to a
 * recording server standing where the gateway is, results posted to a recording callback receiver.
 */
class QueueWorkerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private TestQueue queue;
    private QueueConsumers worker;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void createQueue() throws Exception {
        queue = new TestQueue();
    }

    @AfterEach
    void removeQueue() throws Exception {
        if (worker != null) {
            worker.close();
        }
        queue.close();
    }

    private void startWorker(Recorder gateway, String... settings) {
        startWorker(gateway.uri(), settings);
    }

    private void startWorker(java.net.URI gateway, String... settings) {
        var env = new HashMap<>(Map.of(
                "faas_nats_address", "127.0.0.1", "faas_nats_channel", queue.names.channel(),
                "faas_gateway_address", "127.0.0.1", "faas_gateway_port", String.valueOf(gateway.getPort()),
                "ack_wait", "2s", "retry_min_wait", "50ms", "retry_max_wait", "200ms", "callback_timeout", "1s"));
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        worker = dev.skiff.queueworker.Main.start(WorkerConfig.fromEnv(env), queue.connection, new WorkerMetrics(registry));
    }

    @Test
    void callsTheFunctionThroughTheGatewayAndPostsTheResultToTheCallback() throws Exception {
        try (var gateway = new Recorder(n -> 200); var receiver = new Recorder(n -> 200)) {
            startWorker(gateway);
            var callId = queue.publish("echo", Map.of(), receiver.uri() + "/done", "hello");
            TestQueue.await(() -> receiver.requests.size() == 1, LIMIT, "the callback");

            var call = gateway.requests.get(0);
            assertEquals("PUT", call.method());
            assertEquals("/function/echo/sub/path?a=1&b=2", call.uri());
            assertEquals("hello", call.body());
            assertEquals(callId, call.header("X-Call-Id"));
            assertEquals("text/plain", call.header("Content-Type"));

            var callback = receiver.requests.get(0);
            assertEquals("POST", callback.method());
            assertEquals("/done", callback.uri());
            assertEquals("answer to hello", callback.body());
            assertEquals(callId, callback.header("X-Call-Id"));
            assertEquals("200", callback.header("X-Function-Status"));
            assertEquals("echo", callback.header("X-Function-Name"));
            assertEquals("yes", callback.header("X-From-Function"));
            assertTrue(Double.parseDouble(callback.header("X-Duration-Seconds")) >= 0);

            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.DONE).orElse(false), LIMIT,
                    "status done");
            var status = queue.status(callId).orElseThrow();
            assertEquals(200, status.statusCode());
            assertEquals(1, status.attempts());
            assertTrue(status.callback().delivered());
            TestQueue.await(() -> queue.storedCalls() == 0, LIMIT, "the acked call leaving the work queue");
            assertEquals(1, gateway.requests.size());
        }
    }

    @Test
    void retriesDownAndUnavailableAnswersWithBackoffUntilOneSucceeds() throws Exception {
        try (var gateway = new Recorder(n -> n == 1 ? 502 : n == 2 ? 503 : 200)) {
            startWorker(gateway);
            var callId = queue.publish("flaky", Map.of(), null, "x");
            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.DONE).orElse(false), LIMIT,
                    "status done");
            assertEquals(3, gateway.requests.size());
            var status = queue.status(callId).orElseThrow();
            assertEquals(3, status.attempts());
            assertEquals(200, status.statusCode());
            assertTrue(registry.scrape().contains("skiff_async_retried_total{function_name=\"flaky\"} 2.0"),
                    registry.scrape());
        }
    }

    @Test
    void waitsOutAFunctionWithNoRoomWithoutUsingUpItsTries() throws Exception {
        // 429 from the function, then the gateway's own 503 (circuit open): waits, not failed tries.
        try (var gateway = new Recorder(n -> n <= 3 ? 429 : n == 4 ? Recorder.GATEWAY_503 : 200)) {
            startWorker(gateway, "max_retry_attempts", "2");
            var callId = queue.publish("busy", Map.of(), null, "x");
            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.DONE).orElse(false), LIMIT,
                    "status done");
            assertEquals(5, gateway.requests.size());
            var status = queue.status(callId).orElseThrow();
            assertEquals(1, status.attempts());
            assertEquals(200, status.statusCode());
            var metrics = registry.scrape();
            assertTrue(metrics.contains("skiff_async_capacity_waits_total{function_name=\"busy\"} 4.0"), metrics);
            assertFalse(metrics.contains("skiff_async_retried_total{function_name=\"busy\"}"), metrics);
        }
    }

    @Test
    void showsACallThatRunsLongerThanASecondAsRunningThenDone() throws Exception {
        try (var function = new SmallFunction(1, Duration.ofMillis(1500))) {
            startWorker(function.uri());
            var callId = queue.publish("slow", Map.of(), null, "x");
            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.RUNNING).orElse(false), LIMIT,
                    "status running");
            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.DONE).orElse(false), LIMIT,
                    "status done");
            assertEquals(1, queue.status(callId).orElseThrow().attempts());
        }
    }

    @Test
    void drainsAQueueAtTheRateTheFunctionTakesWithoutFailingCalls() throws Exception {
        // A function that takes two calls at once and answers 429 to a third, as a watchdog's max_inflight does.
        try (var function = new SmallFunction(2, Duration.ofMillis(20))) {
            // What is checked here is the drain rate, not the heartbeat: a long ack_wait keeps a call from being
            // delivered twice when a loaded machine starves the heartbeat thread (seen at load average 20-40).
            startWorker(function.uri(), "max_retry_attempts", "1", "max_inflight", "16", "ack_wait", "15s");
            var calls = new java.util.ArrayList<String>();
            for (int i = 0; i < 60; i++) {
                calls.add(queue.publish("small", Map.of(), null, "x"));
            }
            TestQueue.await(() -> queue.storedCalls() == 0, Duration.ofSeconds(30), "all calls acked");
            for (var id : calls) {
                var status = queue.status(id).orElseThrow();
                assertEquals(200, status.statusCode(), id);
                assertEquals(1, status.attempts(), id);
            }
            assertEquals(0, queue.deadLetterCount());
            var metrics = registry.scrape();
            var limit = metrics.lines().filter(l -> l.startsWith("skiff_async_concurrency_limit{function_name=\"small\"}"))
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
            assertTrue(limit < 16, "the limit came down from the ceiling of 16: " + limit);
            // The 429s were a small share of the calls, not one per call and try.
            System.out.println("FIGURES small function: 60 calls, " + function.refused.get() + " answered 429, limit now " + limit);
            assertTrue(function.refused.get() < 60, "refused " + function.refused.get() + " of 60 calls");
        }
    }

    @Test
    void deadLettersACallAfterItsAttemptsAndKeepsServingOthers() throws Exception {
        try (var gateway = new Recorder(n -> 200); var failing = new Recorder(n -> 502)) {
            // One upstream for both: the path tells the functions apart.
            startWorker(failing, "max_retry_attempts", "3");
            var dead = queue.publish("broken", Map.of("com.openfaas.retry.attempts", "2"), null, "x");
            TestQueue.await(() -> queue.status(dead).map(s -> s.state() == CallState.DEAD_LETTERED).orElse(false),
                    LIMIT, "status dead-lettered");
            assertEquals(2, failing.requests.size());
            assertEquals(1, queue.deadLetterCount());
            assertEquals(502, queue.status(dead).orElseThrow().statusCode());
            TestQueue.await(() -> queue.storedCalls() == 0, LIMIT, "the dead call leaving the work queue");
            assertTrue(registry.scrape().contains("skiff_async_dead_lettered_total{function_name=\"broken\"} 1.0"));
        }
    }

    @Test
    void recordsACallbackThatNeverArrivesAndDoesNotCallTheFunctionAgain() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var gateway = new Recorder(n -> 200)) {
            startWorker(gateway, "callback_attempts", "3");
            var callId = queue.publish("echo", Map.of(), "http://127.0.0.1:" + closedPort + "/", "x");
            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.DONE).orElse(false), LIMIT,
                    "status done");
            var callback = queue.status(callId).orElseThrow().callback();
            assertFalse(callback.delivered());
            assertEquals(3, callback.attempts());
            assertTrue(callback.error().contains("cannot reach"), callback.error());
            Thread.sleep(2500); // past ack_wait: an unacked call would be delivered again now
            assertEquals(1, gateway.requests.size());
            assertEquals(0, queue.storedCalls());
        }
    }

    @Test
    void givesANamedQueueItsOwnConsumer() throws Exception {
        try (var gateway = new Recorder(n -> 200)) {
            startWorker(gateway);
            var callId = queue.publish("slow", Map.of("com.openfaas.queue", "slowlane"), null, "x");
            TestQueue.await(() -> queue.status(callId).map(s -> s.state() == CallState.DONE).orElse(false), LIMIT,
                    "status done");
            assertTrue(worker.queues().contains("slowlane"), worker.queues().toString());
            assertTrue(queue.connection.jetStreamManagement().getConsumerNames(queue.names.stream())
                    .contains(queue.names.consumer("slowlane")));
        }
    }
}

package dev.skiff.queueworker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faults of issue 7 on the test stack: a queue worker replica killed with SIGKILL mid-batch, and
 * nats-server killed mid-batch and brought back by swarm on its volume. Every accepted call must run;
 * duplicates are counted and printed (at least once, not exactly once).
 */
class AsyncFaultsIT {
    private static final int CALLS = 40;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static AsyncPlatform platform;
    private static String recorder;

    @BeforeAll
    static void deploy() throws Exception {
        platform = AsyncPlatform.fromEnvironment();
        // Each call takes 0.2 s, so that the batch is still running when the fault hits.
        recorder = platform.deployRecorder("faults", "0.2", Map.of());
        AsyncPlatform.await(() -> platform.containers("queue-worker"), c -> c.size() >= 2, LIMIT,
                "two queue worker replicas");
    }

    @AfterAll
    static void remove() {
        platform.close();
    }

    @Test
    void everyCallCompletesWhenAQueueWorkerIsKilledMidBatch() {
        var batch = new Batch();
        for (int i = 0; i < CALLS; i++) {
            if (i == CALLS / 2) {
                var victim = platform.containers("queue-worker").get(0);
                AsyncPlatform.docker("kill", "--signal", "KILL", victim);
            }
            send(batch);
        }
        var lines = awaitAllRan(batch);
        System.out.println(batch.figures("worker-killed", lines));
        assertEquals(CALLS, batch.accepted.size());
        assertEquals(batch.accepted.size(), batch.runs(lines, "/work").size());
        AsyncPlatform.await(() -> platform.containers("queue-worker"), c -> c.size() >= 2, LIMIT,
                "swarm replacing the killed worker");
    }

    @Test
    void everyAcceptedCallCompletesWhenNatsRestartsMidBatchAndCallsAreRefusedWhileItIsDown() {
        var batch = new Batch();
        for (int i = 0; i < CALLS / 2; i++) {
            send(batch);
        }
        var nats = platform.containers("nats").get(0);
        AsyncPlatform.docker("kill", "--signal", "KILL", nats);
        // Keep calling through the outage until calls are accepted again.
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int acceptedBefore = batch.accepted.size();
        while (System.nanoTime() < deadline && (batch.refused == 0 || batch.accepted.size() < acceptedBefore + CALLS / 2)) {
            send(batch);
            AsyncPlatform.sleep(Duration.ofMillis(50));
        }
        assertTrue(batch.refused > 0, "no call was refused while nats was down");
        var lines = awaitAllRan(batch);
        System.out.println(batch.figures("nats-restarted", lines));
        assertEquals(batch.accepted.size(), batch.runs(lines, "/work").size());
    }

    @Test
    void aBurstAboveTheFunctionsCapacityDrainsWithoutUsingUpTriesOrOpeningItsCircuit() {
        // Takes one call at a time (the watchdog answers 429 to a second) for 0.1 s: ~5-10 calls/s, while
        // the two workers may run 64 at once.
        var narrow = platform.deployRecorder("narrow", "0.1", Map.of("com.openfaas.retry.attempts", "2"),
                Map.of("max_inflight", "1"));
        var batch = new Batch();
        for (int i = 0; i < CALLS / 2; i++) {
            var answer = platform.queue(narrow, "/work", Map.of(), "x");
            batch.record(answer.statusCode(), answer.headers().firstValue("X-Call-Id").orElse(""));
        }
        var syncAnswers = new java.util.ArrayList<Integer>();
        var lines = AsyncPlatform.await(() -> {
            var answer = platform.anonymous.invoke(narrow, "GET", "", Map.of(), new byte[0]);
            syncAnswers.add(answer.statusCode());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("busy: " + answer.statusCode());
            }
            var text = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? List.<String>of() : List.of(text.split("\n"));
        }, l -> batch.runs(l, "/work").size() == batch.accepted.size(), LIMIT, "all calls of the burst run");
        System.out.println(batch.figures("burst-over-capacity", lines) + ", sync answers meanwhile " + syncAnswers);
        assertEquals(batch.accepted.size(), batch.runs(lines, "/work").size());
        for (var callId : batch.accepted) {
            var status = AsyncPlatform.await(() -> platform.admin.asyncStatus(callId),
                    s -> s.state() == dev.skiff.api.async.CallState.DONE, LIMIT, "status of " + callId);
            assertEquals(1, status.attempts(), "a 429 used up a try of " + callId);
        }
        assertTrue(platform.admin.deadLetters(narrow).isEmpty());
        // The queue's pressure is 429s, which the gateway's circuit breaker does not count: sync callers
        // got answers or 429s, never the open circuit's 503.
        assertTrue(syncAnswers.stream().allMatch(code -> code == 200 || code == 429), syncAnswers.toString());
    }

    private static void send(Batch batch) {
        var answer = platform.queue(recorder, "/work", Map.of(), "x");
        batch.record(answer.statusCode(), answer.headers().firstValue("X-Call-Id").orElse(""));
    }

    private static List<String> awaitAllRan(Batch batch) {
        return AsyncPlatform.await(() -> platform.recorded(recorder),
                lines -> batch.runs(lines, "/work").size() == batch.accepted.size(), LIMIT,
                "all " + batch.accepted.size() + " accepted calls run");
    }
}

package dev.skiff.queueworker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.async.CallState;
import dev.skiff.api.client.GatewayException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Async calls end to end on the test stack: gateway → JetStream → queue worker → gateway → function, and
 * the result posted to a recorder function on the functions network, by its service name.
 */
class AsyncCallsIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static AsyncPlatform platform;
    private static String recorder;

    @BeforeAll
    static void deploy() throws Exception {
        platform = AsyncPlatform.fromEnvironment();
        recorder = platform.deployRecorder("rec", "0", Map.of());
    }

    @AfterAll
    static void remove() {
        platform.close();
    }

    @Test
    void queuesACallRunsItAndPostsTheResultToTheCallback() {
        var answer = platform.queue(recorder, "/work", Map.of("X-Callback-Url", "http://" + recorder + ":8080/cb"), "hi");
        assertEquals(202, answer.statusCode());
        var callId = answer.headers().firstValue("X-Call-Id").orElseThrow();
        assertTrue(answer.headers().firstValue("X-Start-Time").isPresent());

        AsyncPlatform.await(() -> platform.recorded(recorder), lines -> lines.contains("/cb " + callId + " 200"),
                LIMIT, "the callback of " + callId);
        assertTrue(platform.recorded(recorder).contains("/work " + callId + " -"));
        var status = AsyncPlatform.await(() -> platform.admin.asyncStatus(callId), s -> s.state() == CallState.DONE,
                LIMIT, "status done");
        assertEquals(200, status.statusCode());
        assertTrue(status.callback().delivered());
        assertEquals(401, statusOf(() -> platform.anonymous.asyncStatus(callId)));
    }

    @Test
    void queuesAndRunsABodyOfTheFullMebibyte() {
        // 1 MiB is ~1.37 MiB as the message's base64: past NATS's default max_payload, within the stack's 2 MiB.
        var answer = platform.queue(recorder, "/big", Map.of(), "x".repeat(1024 * 1024));
        assertEquals(202, answer.statusCode());
        var callId = answer.headers().firstValue("X-Call-Id").orElseThrow();
        AsyncPlatform.await(() -> platform.admin.asyncStatus(callId), s -> s.state() == CallState.DONE, LIMIT,
                "the 1 MiB call done");
    }

    @Test
    void answers404AtOnceForAnUnknownFunctionAnd413ForATooLargeBody() {
        assertEquals(404, platform.queue("it-nosuch-" + System.nanoTime(), "", Map.of(), "x").statusCode());
        assertEquals(413, platform.queue(recorder, "", Map.of(), "x".repeat(1024 * 1024 + 1)).statusCode());
        assertEquals(400, platform.queue(recorder, "", Map.of("X-Callback-Url", "not a url"), "x").statusCode());
    }

    @Test
    void dropsARepeatedIdempotencyKey() {
        var key = "order-" + System.nanoTime();
        var first = platform.queue(recorder, "/work", Map.of("X-Idempotency-Key", key), "1");
        var second = platform.queue(recorder, "/work", Map.of("X-Idempotency-Key", key), "2");
        assertEquals(202, first.statusCode());
        assertEquals(202, second.statusCode());
        assertEquals("true", second.headers().firstValue("X-Duplicate").orElse(""));
        var callId = first.headers().firstValue("X-Call-Id").orElseThrow();
        AsyncPlatform.await(() -> platform.admin.asyncStatus(callId), s -> s.state() == CallState.DONE, LIMIT,
                "the first call done");
        var secondId = second.headers().firstValue("X-Call-Id").orElseThrow();
        assertFalse(platform.recorded(recorder).stream().anyMatch(line -> line.contains(secondId)));
    }

    @Test
    void recordsACallbackThatIsDownAndDoesNotCallTheFunctionAgain() {
        var batch = new Batch();
        var answer = platform.queue(recorder, "/work",
                Map.of("X-Callback-Url", "http://it-nosuch-receiver:8080/"), "x");
        batch.record(answer.statusCode(), answer.headers().firstValue("X-Call-Id").orElseThrow());
        var callId = batch.accepted.get(0);
        var status = AsyncPlatform.await(() -> platform.admin.asyncStatus(callId), s -> s.state() == CallState.DONE,
                LIMIT, "status done");
        assertFalse(status.callback().delivered());
        assertEquals(3, status.callback().attempts());
        // Past the test stack's ack_wait (4s): an unacked call would have run again by now.
        AsyncPlatform.sleep(Duration.ofSeconds(6));
        var lines = platform.recorded(recorder);
        assertEquals(1, batch.runs(lines, "/work").get(callId));
        System.out.println(batch.figures("callback-down", lines) + ", callback tries " + status.callback().attempts());
    }

    @Test
    void deadLettersAnAlwaysFailingFunctionWhileOthersAreServed() {
        var failing = platform.newName("fail");
        // Every call outlives exec_timeout: the watchdog answers 504, which is retried.
        platform.deploy(failing, "sleep 5", Map.of("exec_timeout", "200ms"), Map.of("com.openfaas.retry.attempts", "2"));
        AsyncPlatform.await(() -> platform.anonymous.invoke(failing, "GET", "", Map.of(), new byte[0]).statusCode(),
                s -> s == 504, LIMIT, failing + " answering 504");
        var dead = platform.queue(failing, "", Map.of(), "x").headers().firstValue("X-Call-Id").orElseThrow();
        var served = platform.queue(recorder, "/work", Map.of(), "x").headers().firstValue("X-Call-Id").orElseThrow();

        var status = AsyncPlatform.await(() -> platform.admin.asyncStatus(dead),
                s -> s.state() == CallState.DEAD_LETTERED, LIMIT, "status dead-lettered");
        assertEquals(2, status.attempts());
        assertEquals(504, status.statusCode());
        AsyncPlatform.await(() -> platform.admin.asyncStatus(served), s -> s.state() == CallState.DONE, LIMIT,
                "the other function's call done");
        var letters = platform.admin.deadLetters(failing);
        assertEquals(1, letters.size());
        assertEquals(dead, letters.get(0).callId());

        assertEquals(1, platform.admin.replayDeadLetter(letters.get(0).sequence()).count());
        AsyncPlatform.await(() -> platform.admin.deadLetters(failing), l -> l.size() == 1, LIMIT,
                "the replayed call dead again");
        assertEquals(1, platform.admin.purgeDeadLetters(failing).count());
        assertTrue(platform.admin.deadLetters(failing).isEmpty());
        System.out.println("FIGURES dead-letter: sent 1, tries 2, dead-lettered 1, replayed 1, purged 1");
    }

    private static int statusOf(Executable call) {
        try {
            call.execute();
            return 200;
        } catch (GatewayException e) {
            return e.status();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}

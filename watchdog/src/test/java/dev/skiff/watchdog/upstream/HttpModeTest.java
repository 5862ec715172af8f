package dev.skiff.watchdog.upstream;

import static dev.skiff.watchdog.RunningWatchdog.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import dev.skiff.watchdog.RunningWatchdog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpModeTest {

    /** Shared by the tests that leave the upstream as they found it; one upstream JVM start saved each. */
    private static RunningWatchdog shared;

    @TempDir
    static Path sharedFolder;

    @TempDir
    Path folder;

    @BeforeAll
    static void startSharedWatchdog() {
        shared = start(sharedFolder, 0, "exec_timeout", "10s");
        assertTrue(eventually(Duration.ofSeconds(20), () -> shared.get("/_/ready").statusCode() == 200));
    }

    @AfterAll
    static void stopSharedWatchdog() {
        shared.close();
    }

    private static RunningWatchdog start(Path folder, long delayMillis, String... env) {
        int port = Upstreams.freePort();
        String[] all = new String[env.length + 6];
        System.arraycopy(new String[] {"mode", "http", "upstream_url", "http://127.0.0.1:" + port,
                "fprocess", Upstreams.fprocess(EchoUpstream.class, port, delayMillis)}, 0, all, 0, 6);
        System.arraycopy(env, 0, all, 6, env.length);
        return RunningWatchdog.start(folder, all);
    }

    @Test
    void proxiesMethodPathQueryHeadersAndBodyToTheUpstream() {
        HttpResponse<String> response = shared.send(shared.request("/a/b%20c?x=1&y=two%20three")
                .header("X-Custom", "hello")
                .header("Content-Type", "text/plain")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("12345")));
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("echo", response.headers().firstValue("X-Upstream").orElseThrow());
        assertTrue(response.headers().firstValue("X-Duration-Seconds").orElseThrow().matches("\\d+\\.\\d{6}"));
        String seen = response.body();
        assertTrue(seen.contains("method=PATCH\n"), seen);
        assertTrue(seen.contains("path=/a/b%20c\n"), seen);
        assertTrue(seen.contains("query=x=1&y=two%20three\n"), seen);
        assertTrue(seen.contains("header.x-custom=hello\n"), seen);
        assertTrue(seen.contains("header.content-type=text/plain\n"), seen);
        assertTrue(seen.contains("header.x-forwarded-for=127.0.0.1\n"), seen);
        assertTrue(seen.contains("body-length=5\n"), seen);
    }

    @Test
    void passesRedirectsThroughWithoutFollowingThem() {
        HttpResponse<String> response = shared.get("/redirect");
        assertEquals(302, response.statusCode());
        assertEquals("/elsewhere", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void streamsALargeBodyToTheUpstreamAndBack() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(body);
        HttpResponse<byte[]> response = shared.http().send(
                shared.request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void answersHeadWithoutWaitingForABody() {
        HttpResponse<String> response = shared.send(shared.request("/pid").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(3)));
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void reusesUpstreamConnectionsBetweenCalls() {
        assertEquals(shared.get("/port").body(), shared.get("/port").body());
    }

    @Test
    void dropsUpstreamConnectionsIdleLongerThanFourSeconds() throws InterruptedException {
        String before = shared.get("/port").body();
        Thread.sleep(4_500); // UpstreamConnections.MAX_IDLE
        assertNotEquals(before, shared.get("/port").body(), "an idle connection is dropped before Node's 5 s would");
    }

    @Test
    void answers504WhenTheUpstreamIsSlowerThanTheTimeout() {
        HttpResponse<String> response = shared.send(shared.request("/slow?ms=3000").header("X-Timeout", "500ms").GET());
        assertEquals(504, response.statusCode());
        assertEquals("of-watchdog", response.headers().firstValue("X-OpenFaaS-Internal").orElseThrow());
    }

    @Test
    void readyIs503UntilTheUpstreamAnswersAndEarlyCallsWaitForIt() throws Exception {
        try (RunningWatchdog watchdog = start(folder, 1500, "exec_timeout", "20s")) {
            assertEquals(200, watchdog.get("/_/health").statusCode(), "the watchdog itself is up");
            assertEquals(503, watchdog.get("/_/ready").statusCode());
            HttpResponse<String> early = watchdog.get("/pid");
            assertEquals(200, early.statusCode(), "a call made before the upstream listens is held, not failed");
            assertEquals(200, watchdog.get("/_/ready").statusCode());
        }
    }

    @Test
    void restartsTheUpstreamWhenItDies() {
        try (RunningWatchdog watchdog = start(folder, 0)) {
            assertTrue(eventually(Duration.ofSeconds(20), () -> watchdog.get("/_/ready").statusCode() == 200));
            long first = Long.parseLong(watchdog.get("/pid").body());
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            assertTrue(eventually(Duration.ofSeconds(3), () -> watchdog.get("/_/ready").statusCode() == 503),
                    "not ready while the upstream is down");
            assertTrue(eventually(Duration.ofSeconds(20), () -> watchdog.get("/_/ready").statusCode() == 200));
            HttpResponse<String> again = watchdog.get("/pid");
            assertEquals(200, again.statusCode());
            assertNotEquals(first, Long.parseLong(again.body()));
            assertTrue(watchdog.log().contains("exited with code"), watchdog.log());
        }
    }

    @Test
    void stopsTheUpstreamWhenTheWatchdogStops() {
        RunningWatchdog watchdog = start(folder, 0);
        assertTrue(eventually(Duration.ofSeconds(20), () -> watchdog.get("/_/ready").statusCode() == 200));
        long pid = Long.parseLong(watchdog.get("/pid").body());
        watchdog.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "upstream " + pid + " still runs");
    }

    @Test
    void answers500WhenTheUpstreamNeverListens() {
        int wrongPort = Upstreams.freePort();
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "mode", "http", "exec_timeout", "1s",
                "upstream_url", "http://127.0.0.1:" + wrongPort,
                "fprocess", Upstreams.fprocess(EchoUpstream.class, Upstreams.freePort(), 0))) {
            HttpResponse<String> response = watchdog.get("/");
            assertEquals(500, response.statusCode());
            assertEquals("of-watchdog", response.headers().firstValue("X-OpenFaaS-Internal").orElseThrow());
            assertTrue(response.body().contains("127.0.0.1:" + wrongPort), response.body());
            assertEquals(503, watchdog.get("/_/ready").statusCode());
        }
    }

    @Test
    void retriesOnceWhenAPooledConnectionTurnsOutClosed() {
        int port = Upstreams.freePort();
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "mode", "http",
                "upstream_url", "http://127.0.0.1:" + port, "fprocess", Upstreams.fprocess(StaleUpstream.class, port))) {
            assertTrue(eventually(Duration.ofSeconds(20), () -> watchdog.get("/_/ready").statusCode() == 200));
            for (int call = 1; call <= 3; call++) {
                HttpResponse<String> response = watchdog.get("/");
                assertEquals(200, response.statusCode(), "call " + call + ": " + response.body());
                assertEquals("fresh", response.body());
            }
        }
    }

    @Test
    void bufferHttpSendsAContentLengthUpstreamAndTooLargeBodiesGet413() {
        try (RunningWatchdog watchdog = start(folder, 0, "buffer_http", "true", "max_request_bytes", "100k",
                "ready_path", "/pid")) {
            assertTrue(eventually(Duration.ofSeconds(20), () -> watchdog.get("/_/ready").statusCode() == 200),
                    "ready once the upstream answers 2xx at ready_path");
            byte[] body = new byte[80 * 1024];
            HttpResponse<String> buffered = watchdog.send(watchdog.request("/describe")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
            assertEquals(201, buffered.statusCode(), buffered.body());
            assertTrue(buffered.body().contains("header.content-length=81920"), buffered.body());
            assertFalse(buffered.body().contains("header.transfer-encoding"), buffered.body());

            byte[] tooLarge = new byte[150 * 1024];
            HttpResponse<String> chunked = watchdog.send(watchdog.request("/describe")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(tooLarge))));
            assertEquals(413, chunked.statusCode(), chunked.body());
            HttpResponse<String> declared = watchdog.send(watchdog.request("/describe")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge)));
            assertEquals(413, declared.statusCode(), declared.body());
            assertEquals("of-watchdog", declared.headers().firstValue("X-OpenFaaS-Internal").orElseThrow());
        }
    }
}

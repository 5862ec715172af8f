package dev.skiff.watchdog.health;

import static dev.skiff.watchdog.RunningWatchdog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.skiff.watchdog.RunningWatchdog;
import dev.skiff.watchdog.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndShutdownTest {

    @TempDir
    Path folder;

    @Test
    void writesTheLockAndAnswersHealthAndReady() {
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", "cat")) {
            assertTrue(watchdog.lockPresent());
            HttpResponse<String> health = watchdog.get("/_/health");
            assertEquals(200, health.statusCode());
            assertEquals("OK", health.body());
            assertEquals(200, watchdog.get("/_/ready").statusCode());
        }
    }

    @Test
    void answers405ToOtherMethodsOnHealthAndReady() {
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", "cat")) {
            for (String path : new String[] {"/_/health", "/_/ready"}) {
                HttpResponse<String> response = watchdog.send(watchdog.request(path)
                        .POST(HttpRequest.BodyPublishers.ofString("x")));
                assertEquals(405, response.statusCode(), path);
                assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
            }
        }
    }

    @Test
    void answers503WhenTheLockFileIsGone() throws Exception {
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", "cat")) {
            Files.delete(folder.resolve(".lock"));
            assertEquals(503, watchdog.get("/_/health").statusCode());
            assertEquals(503, watchdog.get("/_/ready").statusCode());
        }
    }

    @Test
    void staysHealthyWithoutALockWhenSuppressLockIsSet() {
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", "cat", "suppress_lock", "true")) {
            assertFalse(watchdog.lockPresent());
            assertEquals(200, watchdog.get("/_/health").statusCode());
        }
    }

    @Test
    void healthGoes503AndTheLockGoesAsSoonAsShutdownStarts() {
        RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", "cat", "healthcheck_interval", "1s");
        assertEquals(200, watchdog.get("/_/health").statusCode());
        Thread stopping = Thread.ofVirtual().start(watchdog::close);
        assertTrue(eventually(Duration.ofSeconds(1), () -> !watchdog.lockPresent()), "lock removed");
        assertEquals(503, watchdog.get("/_/health").statusCode());
        assertEquals(503, watchdog.get("/_/ready").statusCode());
        assertEquals("still served", watchdog.post("/", "still served").body(), "calls are served until the port closes");
        joinQuietly(stopping);
        assertThrows(UncheckedIOException.class, () -> watchdog.get("/_/health"), "the port is closed");
    }

    @Test
    void callsDuringTheShutdownNoticeEndTheirConnection() {
        RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", "cat", "healthcheck_interval", "1s");
        assertEquals(Optional.empty(), watchdog.post("/", "before").headers().firstValue("Connection"),
                "keep-alive while serving");
        Thread stopping = Thread.ofVirtual().start(watchdog::close);
        assertTrue(eventually(Duration.ofSeconds(1), () -> !watchdog.lockPresent()), "shutdown started");
        HttpResponse<String> during = watchdog.post("/", "during");
        assertEquals("during", during.body());
        assertEquals(Optional.of("close"), during.headers().firstValue("Connection"),
                "no idle connection is left for the port's closing to cut");
        joinQuietly(stopping);
    }

    @Test
    void gracefulStopLetsACallInFlightFinish() throws Exception {
        String script = Scripts.fprocess(folder, "slow.sh", "sleep 1; echo finished\n");
        RunningWatchdog watchdog = RunningWatchdog.start(folder, "mode", "serializing", "fprocess", script,
                "write_timeout", "10s");
        CompletableFuture<HttpResponse<String>> call = watchdog.http().sendAsync(
                watchdog.request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(eventually(Duration.ofSeconds(5), () -> watchdog.log().contains("Forking fprocess.")));
        long started = System.nanoTime();
        watchdog.close();
        long stopMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        HttpResponse<String> response = call.get();
        assertEquals(200, response.statusCode());
        assertEquals("finished\n", response.body());
        assertTrue(stopMillis < 5000, "stop took " + stopMillis + " ms");
    }

    @Test
    void gracefulStopGivesUpOnCallsAfterWriteTimeout() throws Exception {
        Path pidFile = folder.resolve("endless.pid");
        String script = Scripts.fprocess(folder, "endless.sh", "echo $$ > " + pidFile + "; sleep 30\n");
        RunningWatchdog watchdog = RunningWatchdog.start(folder, "mode", "serializing", "fprocess", script,
                "write_timeout", "1s", "exec_timeout", "0");
        watchdog.http().sendAsync(watchdog.request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(eventually(Duration.ofSeconds(5), () -> watchdog.log().contains("Forking fprocess.")));
        long started = System.nanoTime();
        watchdog.close();
        long stopMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(stopMillis < 5000, "stop took " + stopMillis + " ms");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(eventually(Duration.ofSeconds(3), () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)),
                "the abandoned call's process " + pid + " is killed, not left behind");
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.skiff.watchdog.fork;

import static dev.skiff.watchdog.RunningWatchdog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.skiff.watchdog.RunningWatchdog;
import dev.skiff.watchdog.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerializingModeTest {

    @TempDir
    Path folder;

    @Test
    void returnsTheWholeOutputWithADurationHeader() {
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "mode", "serializing", "fprocess", "cat")) {
            HttpResponse<String> response = watchdog.post("/", "hello serializing");
            assertEquals(200, response.statusCode());
            assertEquals("hello serializing", response.body());
            assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.headers().firstValue("X-Duration-Seconds").orElseThrow().matches("\\d+\\.\\d{6}"));
            assertTrue(eventually(Duration.ofSeconds(5), () -> watchdog.log().contains("Wrote 17 Bytes - Duration: ")),
                    watchdog.log());
        }
    }

    @Test
    void answers500WithStderrWhenTheProcessExitsNonZero() {
        String script = Scripts.fprocess(folder, "fail.sh", "echo partial; echo 'bad input' >&2; exit 2\n");
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "mode", "serializing", "fprocess", script)) {
            HttpResponse<String> response = watchdog.post("/", "x");
            assertEquals(500, response.statusCode());
            assertEquals("bad input\n", response.body());
            assertTrue(response.headers().firstValue("X-OpenFaaS-Internal").isEmpty(), "the function failed, not us");
            assertTrue(watchdog.log().contains(" stderr: bad input"), watchdog.log());
        }
    }

    @Test
    void answers504AndKillsProcessTreeWhenExecTimeoutPasses() throws Exception {
        Path pidFile = folder.resolve("child.pid");
        String script = Scripts.fprocess(folder, "tree.sh", "sleep 30 &\necho $! > " + pidFile + "\nwait\n");
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder,
                "mode", "serializing", "fprocess", script, "exec_timeout", "1s")) {
            long started = System.nanoTime();
            HttpResponse<String> response = watchdog.get("/");
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(504, response.statusCode());
            assertEquals("of-watchdog", response.headers().firstValue("X-OpenFaaS-Internal").orElseThrow());
            assertTrue(response.body().contains("1s"), response.body());
            assertTrue(tookMillis >= 900 && tookMillis < 5000, "answered after " + tookMillis + " ms");
            long child = Long.parseLong(Files.readString(pidFile).strip());
            assertTrue(eventually(Duration.ofSeconds(3), () -> !alive(child)), "child sleep " + child + " still runs");
        }
    }

    @Test
    void xTimeoutShortensExecTimeout() {
        String script = Scripts.fprocess(folder, "sleep.sh", "sleep 5\n");
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder,
                "mode", "serializing", "fprocess", script, "exec_timeout", "10s")) {
            long started = System.nanoTime();
            HttpResponse<String> response = watchdog.send(watchdog.request("/").header("X-Timeout", "500ms").GET());
            assertEquals(504, response.statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
        }
    }

    @Test
    void xTimeoutCannotLengthenExecTimeout() {
        String script = Scripts.fprocess(folder, "sleep.sh", "sleep 5\n");
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder,
                "mode", "serializing", "fprocess", script, "exec_timeout", "500ms")) {
            long started = System.nanoTime();
            HttpResponse<String> response = watchdog.send(watchdog.request("/").header("X-Timeout", "10s").GET());
            assertEquals(504, response.statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
        }
    }

    @Test
    void runsWithoutLimitWhenExecTimeoutIsZero() {
        String script = Scripts.fprocess(folder, "nap.sh", "sleep 1; echo rested\n");
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder,
                "mode", "serializing", "fprocess", script, "exec_timeout", "0")) {
            HttpResponse<String> response = watchdog.send(watchdog.request("/").header("X-Timeout", "100ms").GET());
            assertEquals(200, response.statusCode(), "X-Timeout cannot set a limit when there is none");
            assertEquals("rested\n", response.body());
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        // A killed child that nobody has reaped yet is a zombie: dead, but still listed.
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

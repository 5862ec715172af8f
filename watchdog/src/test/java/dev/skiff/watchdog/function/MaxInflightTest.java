package dev.skiff.watchdog.function;

import static dev.skiff.watchdog.RunningWatchdog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.skiff.watchdog.RunningWatchdog;
import dev.skiff.watchdog.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxInflightTest {

    @TempDir
    Path folder;

    @Test
    void answers429WithTheFaasMiddlewareTagOverMaxInflight() throws Exception {
        String script = Scripts.fprocess(folder, "slow.sh", "sleep 1; echo done\n");
        try (RunningWatchdog watchdog = RunningWatchdog.start(folder, "fprocess", script, "max_inflight", "1")) {
            CompletableFuture<HttpResponse<String>> first = watchdog.http().sendAsync(
                    watchdog.request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(eventually(Duration.ofSeconds(5), () -> watchdog.log().contains("Forking fprocess.")));

            HttpResponse<String> second = watchdog.get("/");
            assertEquals(429, second.statusCode());
            assertEquals("faas-middleware", second.headers().firstValue("X-OpenFaaS-Internal").orElseThrow());
            assertEquals("Concurrent request limit exceeded. Max concurrent requests: 1\n", second.body());
            assertEquals(429, watchdog.get("/_/ready").statusCode(), "ready reports the limit");
            assertEquals(200, watchdog.get("/_/health").statusCode(), "health does not count calls");

            assertEquals("done\n", first.get().body());
            assertEquals(200, watchdog.get("/_/ready").statusCode());
            assertEquals(200, watchdog.get("/").statusCode(), "the slot is free again");
        }
    }
}

package dev.skiff.watchdog.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.skiff.watchdog.inproc.HandlerJar;

/**
 * The watchdog image as function containers run it: real containers from the image bin/test built
 * (SKIFF_TEST_WATCHDOG_IMAGE, else images/target/images.env), port 8080 published on 127.0.0.1 only.
 */
class WatchdogImageIT {

    private static String image;

    @TempDir
    Path scripts;

    @BeforeAll
    static void findImage() throws IOException {
        image = System.getenv("SKIFF_TEST_WATCHDOG_IMAGE");
        Path env = Path.of(System.getProperty("user.dir")).resolveSibling("images/target/images.env");
        if ((image == null || image.isBlank()) && Files.exists(env)) {
            image = Files.readAllLines(env).stream().filter(line -> line.startsWith("WATCHDOG_IMAGE="))
                    .map(line -> line.substring("WATCHDOG_IMAGE=".length())).findFirst().orElse(null);
        }
        if (image == null || image.isBlank()) {
            throw new IllegalStateException("no watchdog image: run bin/test, or images/build.sh then set"
                    + " SKIFF_TEST_WATCHDOG_IMAGE");
        }
    }

    @Test
    void servesForkModeUnderTiniWithTheTrainedAotCache() {
        try (WatchdogContainer watchdog = WatchdogContainer.start(image, "-e", "fprocess=cat",
                "-e", "JAVA_OPTS=-Xlog:aot=info")) {
            assertEquals("hello", watchdog.post("/", "hello").body());
            assertTrue(watchdog.logs().contains("Opened AOT cache /app/watchdog.aot"), watchdog.logs());
            assertFalse(watchdog.logs().contains("Unable to use"), "the cache matches the class path");
            String processes = watchdog.exec("ps", "-o", "pid,args");
            assertTrue(processes.lines().anyMatch(line -> line.strip().startsWith("1 /app/tini")), processes);
            assertTrue(processes.contains("/opt/java/bin/java"), processes);
            watchdog.exec("test", "-e", "/tmp/.lock");
        }
    }

    /**
     * The upstream's stdout and stderr are read for its whole life. On virtual threads those reads pinned
     * both carriers of a 2-CPU scheduler, and after 30 s without other work the scheduler had let its spare
     * carriers go: from then on no call was ever answered. Two carriers here whatever the host has. 70 s:
     * the scheduler lets its idle carriers go one at a time, and the ready polls of the start leave it more
     * than two (with them, the image before the fix stopped answering after 65 s idle, not yet after 45).
     */
    @Test
    void httpModeStillAnswersAfterMoreThanThirtySecondsIdle() {
        try (WatchdogContainer watchdog = WatchdogContainer.start(image, "-e", "mode=http",
                "-e", "upstream_url=http://127.0.0.1:8090", "-e", "fprocess=/bin/busybox httpd -f -p 127.0.0.1:8090 -h /etc",
                "-e", "JAVA_OPTS=-Djdk.virtualThreadScheduler.parallelism=2")) {
            assertEquals(200, watchdog.send(watchdog.request("/group")).statusCode());
            WatchdogContainer.sleep(70_000);
            HttpResponse<String> afterIdle = watchdog.send(watchdog.request("/group"));
            assertEquals(200, afterIdle.statusCode(), afterIdle.body());
            assertTrue(afterIdle.body().startsWith("root:"), afterIdle.body());
        }
    }

    /**
     * A fork-mode call pins two carriers while its process runs (its stdout read and its stderr pump): all
     * of a 2-CPU scheduler's. Before the scheduler heartbeat, once such a call had run ~40-65 s with
     * nothing else going on, the next call waited until the long one ended.
     */
    @Test
    void forkModeAnswersANewCallWhileALongOneHasRunForMoreThanAMinute() throws Exception {
        Path script = script("sleeper.sh", "read -r seconds\nsleep \"$seconds\"\necho done\n");
        try (WatchdogContainer watchdog = WatchdogContainer.start(image, "-v", scripts + ":/fn:ro",
                "-e", "fprocess=sh /fn/" + script.getFileName(), "-e", "exec_timeout=2m", "-e", "write_timeout=2m",
                "-e", "read_timeout=2m", "-e", "JAVA_OPTS=-Djdk.virtualThreadScheduler.parallelism=2")) {
            CompletableFuture<HttpResponse<String>> longCall = watchdog.http().sendAsync(
                    watchdog.request("/").POST(HttpRequest.BodyPublishers.ofString("80\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            WatchdogContainer.sleep(70_000);
            long started = System.nanoTime();
            HttpResponse<String> quick = watchdog.post("/", "0\n");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals("done\n", quick.body());
            assertTrue(millis < 3_000, "a new call took " + millis + " ms while the long one ran");
            assertFalse(longCall.isDone(), "the long call is still running: the new one did not wait for it");
            assertEquals("done\n", longCall.get().body());
        }
    }

    @Test
    void tiniReapsTheOrphansOfForkedProcessesWhichPileUpUnderABareJvm() throws IOException {
        Path script = script("orphan.sh", "sleep 0.1 &\ncat\n");
        List<String> options = List.of("-v", scripts + ":/fn:ro", "-e", "fprocess=sh /fn/" + script.getFileName());
        try (WatchdogContainer withTini = WatchdogContainer.start(image, options.toArray(String[]::new))) {
            callTenTimes(withTini);
            assertEquals(0, zombies(withTini), withTini.exec("ps", "-o", "pid,stat,args"));
        }
        List<String> bareJvm = new java.util.ArrayList<>(options);
        bareJvm.addAll(List.of("--entrypoint", "/opt/java/bin/java"));
        try (WatchdogContainer withoutTini = WatchdogContainer.start(image, bareJvm, List.of("-jar", "/app/watchdog.jar"))) {
            callTenTimes(withoutTini);
            assertTrue(zombies(withoutTini) >= 5, "the check that makes tini worth having: "
                    + withoutTini.exec("ps", "-o", "pid,stat,args"));
        }
    }

    @Test
    void dockerStopDrainsACallInFlightAndExitsZero() throws Exception {
        Path script = script("slow.sh", "sleep 1\necho finished\n");
        try (WatchdogContainer watchdog = WatchdogContainer.start(image, "-v", scripts + ":/fn:ro",
                "-e", "fprocess=sh /fn/" + script.getFileName(), "-e", "healthcheck_interval=200ms",
                "-e", "write_timeout=5s")) {
            CompletableFuture<HttpResponse<String>> call = watchdog.http().sendAsync(
                    watchdog.request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!watchdog.logs().contains("Forking fprocess.") && System.nanoTime() < deadline) {
                WatchdogContainer.sleep(20);
            }
            Docker.run("stop", "-t", "10", watchdog.name());
            HttpResponse<String> response = call.get();
            assertEquals(200, response.statusCode());
            assertEquals("finished\n", response.body());
            assertEquals("0", Docker.run("inspect", "-f", "{{.State.ExitCode}}", watchdog.name()));
            assertTrue(watchdog.logs().contains("Shutting down"), watchdog.logs());
        }
    }

    @Test
    void theAotCacheStaysValidWhenJavaAndAppAreCopiedOntoDebian() {
        String debian = "skiff/debian:bookworm";
        assumeTrue(Docker.tryRun("image", "inspect", debian).code() == 0,
                debian + " is not built (images/bases.sh debian); the templates' base is what this checks");
        String tag = "it-watchdog-debian-" + UUID.randomUUID().toString().substring(0, 8);
        String dockerfile = "FROM " + image + " AS watchdog\nFROM " + debian + "\n"
                + "COPY --from=watchdog /opt/java /opt/java\nCOPY --from=watchdog /app /app\n"
                + "ENTRYPOINT [\"/app/fwatchdog\"]\n";
        Docker.Result built = Docker.tryRunWithInput(dockerfile, "build", "-q", "-t", tag, "-");
        assertEquals(0, built.code(), built.output());
        try (WatchdogContainer watchdog = WatchdogContainer.start(tag, "-e", "fprocess=cat",
                "-e", "JAVA_OPTS=-Xlog:aot=info")) {
            assertEquals("on debian", watchdog.post("/", "on debian").body());
            assertTrue(watchdog.logs().contains("Opened AOT cache /app/watchdog.aot"), watchdog.logs());
            assertFalse(watchdog.logs().contains("Unable to use"), watchdog.logs());
        } finally {
            Docker.tryRun("rmi", "-f", tag);
        }
    }

    /** A handler that reads and writes JSON through function-runtime, i.e. with Jackson. */
    private static final String GREETER = """
            package fn;
            import dev.skiff.function.*;
            public class Greeter implements Handler {
                public record Name(String name) {}
                public record Greeting(String greeting) {}
                public Response handle(Request request) {
                    return Response.json(new Greeting("hello " + request.bodyAs(Name.class).name()));
                }
            }
            """;

    @Test
    void inprocRunsTheHandlerWithTheJacksonOfTheFunctionsOwnJars(@TempDir Path function) throws Exception {
        Files.setPosixFilePermissions(function, PosixFilePermissions.fromString("rwxr-xr-x"));
        HandlerJar.build(function.resolve("greeter.jar"), Map.of("fn.Greeter", GREETER), "fn.Greeter");
        // What the java21 template's build puts beside function.jar: function-runtime's libraries.
        List<Path> jackson = new java.util.ArrayList<>();
        for (Class<?> type : List.of(ObjectMapper.class, JsonFactory.class, JsonProperty.class)) {
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            jackson.add(Files.copy(jar, function.resolve(jar.getFileName())));
        }
        String[] options = {"-v", function + ":/home/app/function:ro", "-e", "mode=inproc"};
        try (WatchdogContainer watchdog = WatchdogContainer.start(image, options)) {
            HttpResponse<String> answer = watchdog.post("/", "{\"name\":\"skiff\"}");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("{\"greeting\":\"hello skiff\"}", answer.body());
            assertFalse(watchdog.exec("ls", "/app/lib").contains("jackson"), "the image carries no Jackson");
        }
        for (Path jar : jackson) {
            Files.delete(jar);
        }
        // Without Jackson among them, function-runtime's Request and Response cannot load: start-up stops.
        Docker.Result withoutJackson = Docker.tryRun("run", "--rm", "--name",
                "it-watchdog-" + UUID.randomUUID().toString().substring(0, 8), options[0], options[1], options[2],
                options[3], image);
        assertEquals(1, withoutJackson.code(), withoutJackson.output());
        assertTrue(withoutJackson.output().contains("cannot start: function_path: the jars under /home/app/function"
                + " lack com.fasterxml.jackson"), withoutJackson.output());
    }

    private Path script(String name, String body) throws IOException {
        Path script = scripts.resolve(name);
        Files.writeString(script, body);
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static void callTenTimes(WatchdogContainer watchdog) {
        for (int i = 0; i < 10; i++) {
            assertEquals("x" + i, watchdog.post("/", "x" + i).body());
        }
        WatchdogContainer.sleep(800); // the orphaned sleeps end
    }

    private static long zombies(WatchdogContainer watchdog) {
        return watchdog.exec("ps", "-o", "stat").lines().filter(stat -> stat.strip().startsWith("Z")).count();
    }
}

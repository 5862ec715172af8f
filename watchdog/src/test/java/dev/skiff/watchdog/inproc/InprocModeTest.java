package dev.skiff.watchdog.inproc;

import static dev.skiff.watchdog.RunningWatchdog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.skiff.watchdog.RunningWatchdog;
import dev.skiff.watchdog.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inproc mode against handler jars compiled at test time and loaded by a real watchdog. */
class InprocModeTest {

    private static final String ECHO = """
            package fn;
            import dev.skiff.function.*;
            import java.util.Map;
            public class Echo implements Handler {
                public Response handle(Request request) {
                    String text = request.method() + " " + request.path() + "?" + request.query()
                            + " x-test=" + request.header("X-Test").orElse("-") + " body=" + request.bodyAsString()
                            + " loader=" + Thread.currentThread().getContextClassLoader().getName();
                    return new Response(201, Map.of("Content-Type", "text/plain", "X-Echo", "yes"), text.getBytes());
                }
            }
            """;
    private static final String SLOW = """
            package fn;
            import dev.skiff.function.*;
            public class Slow implements Handler {
                public Response handle(Request request) throws Exception {
                    Thread.sleep(Long.parseLong(request.query().isEmpty() ? "2000" : request.query()));
                    return Response.ok("slept");
                }
            }
            """;
    private static final String FAILING = """
            package fn;
            import dev.skiff.function.*;
            public class Failing implements Handler {
                public Response handle(Request request) {
                    throw new IllegalArgumentException("bad input: " + "x".repeat(5000));
                }
            }
            """;

    @TempDir
    static Path jars;

    private static Path single;
    private static Path several;

    @BeforeAll
    static void buildJars() {
        single = jars.resolve("single");
        HandlerJar.build(single.resolve("lib/echo.jar"), Map.of("fn.Echo", ECHO), "fn.Echo");
        several = jars.resolve("several");
        HandlerJar.build(several.resolve("handlers.jar"), Map.of("fn.Echo", ECHO, "fn.Slow", SLOW,
                "fn.Failing", FAILING), "fn.Echo", "fn.Slow");
    }

    @TempDir
    Path folder;

    private RunningWatchdog start(Path functionPath, String... env) {
        List<String> vars = new ArrayList<>(List.of("mode", "inproc", "function_path", functionPath.toString()));
        vars.addAll(List.of(env));
        return RunningWatchdog.start(folder, vars.toArray(String[]::new));
    }

    @Test
    void findsTheHandlerThroughItsServiceFileAndPassesTheWholeRequest() {
        try (RunningWatchdog watchdog = start(single)) {
            HttpResponse<String> response = watchdog.send(watchdog.request("/some/path?a=1&b=2")
                    .header("X-Test", "hello")
                    .POST(HttpRequest.BodyPublishers.ofString("payload")));
            assertEquals(201, response.statusCode());
            assertEquals("POST /some/path?a=1&b=2 x-test=hello body=payload loader=function", response.body());
            assertEquals("yes", response.headers().firstValue("X-Echo").orElseThrow());
            assertEquals("text/plain", response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.headers().firstValue("X-Duration-Seconds").isPresent());
            assertEquals(200, watchdog.get("/_/ready").statusCode());
            assertTrue(watchdog.metrics().body().contains("http_requests_total{code=\"201\",method=\"post\"} 1"));
        }
    }

    @Test
    void handlerClassPicksOneOfSeveral() {
        try (RunningWatchdog watchdog = start(several, "handler_class", "fn.Slow")) {
            assertEquals("slept", watchdog.get("/?10").body());
        }
    }

    @Test
    void startUpFailsNamingTheVariableWhenTheHandlerIsAmbiguousMissingOrWrong() {
        ConfigException ambiguous = assertThrows(ConfigException.class, () -> start(several));
        assertTrue(ambiguous.getMessage().startsWith("handler_class: is not set and the jars under"), ambiguous.getMessage());
        assertTrue(ambiguous.getMessage().contains("fn.Echo") && ambiguous.getMessage().contains("fn.Slow"));

        ConfigException missing = assertThrows(ConfigException.class, () -> start(single, "handler_class", "fn.Nope"));
        assertTrue(missing.getMessage().startsWith("handler_class: class fn.Nope cannot be loaded"), missing.getMessage());

        ConfigException notAHandler = assertThrows(ConfigException.class,
                () -> start(single, "handler_class", "java.lang.String"));
        assertTrue(notAHandler.getMessage().contains("does not implement dev.skiff.function.Handler"));

        ConfigException noJars = assertThrows(ConfigException.class, () -> start(folder));
        assertTrue(noJars.getMessage().startsWith("function_path: "), noJars.getMessage());
    }

    @Test
    void aHandlerExceptionIs500WithABoundedMessageAndALogLine() {
        try (RunningWatchdog watchdog = start(several, "handler_class", "fn.Failing")) {
            HttpResponse<String> response = watchdog.post("/", "x");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().startsWith("Handler fn.Failing failed: java.lang.IllegalArgumentException: bad input"),
                    response.body());
            assertTrue(response.body().length() < InprocRunner.MAX_ERROR_MESSAGE + 100, "bounded: " + response.body().length());
            assertTrue(watchdog.log().contains("Handler fn.Failing failed: java.lang.IllegalArgumentException"));
            assertTrue(watchdog.log().contains("fn.Failing.handle(Failing.java"), "the stack goes to the log");
            assertEquals(200, watchdog.get("/_/health").statusCode(), "still serving");
        }
    }

    @Test
    void execTimeoutInterruptsTheHandlerAndAnswers504() {
        try (RunningWatchdog watchdog = start(several, "handler_class", "fn.Slow", "exec_timeout", "300ms")) {
            long started = System.nanoTime();
            HttpResponse<String> response = watchdog.get("/?5000");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(504, response.statusCode());
            assertEquals("of-watchdog", response.headers().firstValue("X-OpenFaaS-Internal").orElseThrow());
            assertTrue(millis < 2000, "answered after " + millis + " ms");
            HttpResponse<String> shorter = watchdog.send(watchdog.request("/?5000").header("X-Timeout", "100ms").GET());
            assertEquals(504, shorter.statusCode());
        }
    }

    @Test
    void maxInflightAnswers429WhileTheHandlerRuns() throws Exception {
        try (RunningWatchdog watchdog = start(several, "handler_class", "fn.Slow", "max_inflight", "1")) {
            CompletableFuture<HttpResponse<String>> first = watchdog.http().sendAsync(
                    watchdog.request("/?700").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(eventually(Duration.ofSeconds(3), () -> watchdog.get("/_/ready").statusCode() == 429));
            assertEquals(429, watchdog.get("/?1").statusCode());
            assertEquals("slept", first.get().body());
            assertEquals(200, watchdog.get("/?1").statusCode());
        }
    }

    @Test
    void aBodyOverMaxRequestBytesIs413() {
        try (RunningWatchdog watchdog = start(single, "max_request_bytes", "1k")) {
            assertEquals(201, watchdog.post("/", "x".repeat(1024)).statusCode());
            HttpResponse<String> tooLarge = watchdog.post("/", "x".repeat(1025));
            assertEquals(413, tooLarge.statusCode());
            assertTrue(tooLarge.body().contains("max_request_bytes"), tooLarge.body());
        }
    }
}

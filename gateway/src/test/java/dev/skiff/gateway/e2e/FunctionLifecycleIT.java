package dev.skiff.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A function's whole life on the real swarm, driven only through the gateway's published port. */
class FunctionLifecycleIT {
    private static TestPlatform platform;

    @BeforeAll
    static void connect() throws Exception {
        platform = TestPlatform.fromEnvironment();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        platform.close();
    }

    @Test
    void deploysCallsScalesToTwoAnsweringReplicasAndRemovesAFunction() {
        var name = platform.newFunctionName("echo");
        var echo = FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat");
        platform.admin.create(echo);
        assertTrue(platform.serviceExists(name), "a swarm service named " + name + " exists after the deploy");

        var answer = TestPlatform.await(() -> call(name, "hello swarm"), r -> r.statusCode() == 200,
                Duration.ofSeconds(30), "a first call to " + name);
        assertEquals("hello swarm", new String(answer.body(), StandardCharsets.UTF_8));
        assertTrue(answer.headers().firstValue("X-Call-Id").isPresent(), "the answer carries X-Call-Id");

        // `env` prints HOSTNAME, the container's id: distinct values prove distinct replicas answered.
        platform.admin.update(echo.withEnvProcess("env").withLabels(Map.of("com.openfaas.scale.min", "2")));
        var status = platform.awaitStatus(name, s -> s.availableReplicas() == 2, Duration.ofSeconds(40));
        assertEquals(2, status.replicas());
        Set<String> hosts = new HashSet<>();
        TestPlatform.await(() -> {
            var response = call(name, "");
            if (response.statusCode() == 200) {
                hostname(response).ifPresent(hosts::add);
            }
            return hosts.size();
        }, count -> count == 2, Duration.ofSeconds(30), "answers from two distinct replicas");

        platform.admin.remove(name);
        TestPlatform.await(() -> platform.serviceExists(name), exists -> !exists, Duration.ofSeconds(10),
                "removal of service " + name);
        assertFalse(platform.admin.listFunctions().stream().anyMatch(f -> f.name().equals(name)));
    }

    @Test
    void holdsACallMadeRightAfterTheDeployUntilTheReplicaIsHealthy() {
        var name = platform.newFunctionName("eager");
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat"));
        // No retry here: the gateway holds the call until the new replica has passed its first health
        // check, for up to replica_wait (3 s). That is ~2 s on a quiet machine (scheduling, then one
        // function_health_interval); on a machine this loaded it can take longer, and then the answer is a
        // 503 after the whole wait, never a quick failure.
        long started = System.nanoTime();
        var response = call(name, "first");
        var waited = Duration.ofNanos(System.nanoTime() - started);
        var text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() == 200) {
            assertEquals("first", text);
        } else {
            assertEquals(503, response.statusCode(), text);
            assertTrue(waited.toMillis() >= 2900, "held for the replica wait, not " + waited.toMillis() + " ms");
            var later = TestPlatform.await(() -> call(name, "later"), r -> r.statusCode() == 200,
                    Duration.ofSeconds(30), "a call once the replica is healthy");
            assertEquals("later", new String(later.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void passesMethodPathQueryAndHeadersToTheFunction() {
        var name = platform.newFunctionName("env");
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("env"));
        var response = TestPlatform.await(
                () -> platform.anonymous.invoke(name + ".openfaas-fn", "PUT", "/sub/path?x=1",
                        Map.of("X-Custom", "yes"), "body".getBytes(StandardCharsets.UTF_8)),
                r -> r.statusCode() == 200, Duration.ofSeconds(30), "a call to " + name);
        var env = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(env.contains("Http_Method=PUT"), env);
        assertTrue(env.contains("Http_Path=/sub/path"), env);
        assertTrue(env.contains("Http_Query=x=1"), env);
        assertTrue(env.contains("Http_X_Custom=yes"), env);
        assertTrue(env.contains("Http_X_Call_Id="), env);
    }

    private static HttpResponse<byte[]> call(String name, String body) {
        return platform.anonymous.invoke(name, "POST", "", Map.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.Optional<String> hostname(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("HOSTNAME="))
                .findFirst();
    }
}

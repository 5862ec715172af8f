package dev.skiff.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionResources;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.Json;
import dev.skiff.api.LogMessage;
import dev.skiff.api.Secret;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link dev.skiff.gateway.provider.FunctionProvider} must do, checked through the gateway's
 * HTTP API (API.md) in front of it: each deployment field read back as sent, secrets end to end, a rolling
 * update that loses no call, logs, and the status of every bad input. A provider's IT implements
 * {@link #platform()}; the tests are the default methods.
 */
interface FunctionProviderContract {
    Duration READY = Duration.ofSeconds(40);

    /** The gateway in front of the provider under test. */
    TestPlatform platform();

    // --- deployments: every field round-trips (API.md 2.2) ---

    @Test
    default void readsBackEveryFieldOfADeploymentAsSent() throws IOException {
        var platform = platform();
        var secret = platform.newSecretName("field");
        assertEquals(201, platform.system("POST", "/system/secrets",
                "{\"name\":\"" + secret + "\",\"value\":\"v\"}").statusCode());
        var name = platform.newFunctionName("fields");
        var annotations = Map.of("topic", "orders", "json", "{\n  \"a\": 1,\n  \"b\": [true]\n}");
        var deployment = new FunctionDeployment(name, platform.watchdogImage, "openfaas-fn", "cat",
                Map.of("custom_env", "yes", "write_timeout", "10s"),
                List.of("node.platform.os == linux"),
                List.of(secret),
                Map.of("team", "it", "com.openfaas.scale.min", "1"),
                annotations,
                new FunctionResources("128Mi", "500m"),
                new FunctionResources("32Mi", "0.1"),
                true);
        platform.admin.create(deployment);

        var status = platform.awaitStatus(name, s -> s.availableReplicas() == 1, READY);
        assertEquals(name, status.name());
        assertEquals(platform.watchdogImage, status.image());
        assertEquals("openfaas-fn", status.namespace());
        assertEquals("cat", status.envProcess());
        assertEquals(deployment.envVars(), status.envVars(), "only the user's envVars, no fprocess or injected ones");
        assertEquals(deployment.constraints(), status.constraints());
        assertEquals(deployment.secrets(), status.secrets());
        assertEquals(Map.of("team", "it", "com.openfaas.scale.min", "1", "faas_function", name), status.labels());
        assertEquals(annotations, status.annotations());
        assertEquals(deployment.limits(), status.limits());
        assertEquals(deployment.requests(), status.requests());
        assertTrue(status.readOnlyRootFilesystem());
        assertEquals(1, status.replicas());
        assertNotNull(status.createdAt());

        // The list shows the same, and a read-only root still lets the function run.
        var listed = platform.admin.listFunctions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        assertEquals(status.withInvocationCount(listed.invocationCount()), listed);
        var answer = call(name, "ro");
        assertEquals(200, answer.statusCode());
        assertEquals("ro", body(answer));
    }

    @Test
    default void leavesOutEmptyFieldsAndAlwaysWritesLabelsAnnotationsAndCounts() throws IOException {
        var platform = platform();
        var name = platform.newFunctionName("bare");
        assertEquals(202, platform.system("POST", "/system/functions", "{\"service\":\"" + name + "\",\"image\":\""
                + platform.watchdogImage + "\",\"labels\":null,\"annotations\":null,\"network\":\"legacy\","
                + "\"registryAuth\":\"\",\"someFutureField\":{\"x\":1}}").statusCode());
        var json = Json.mapper().readTree(platform.system("GET", "/system/function/" + name, null).body());
        for (var absent : List.of("envVars", "constraints", "secrets", "limits", "requests", "envProcess",
                "readOnlyRootFilesystem", "registryAuth")) {
            assertFalse(json.has(absent), absent + " is left out when empty: " + json);
        }
        assertEquals(name, json.path("labels").path("faas_function").asText(), json.toString());
        assertTrue(json.path("annotations").isObject(), json.toString());
        for (var always : List.of("replicas", "availableReplicas", "invocationCount", "createdAt", "namespace")) {
            assertTrue(json.has(always), always + " is always written: " + json);
        }
    }

    @Test
    default void takesRegistryCredentialsOnDeployAndUpdateWithoutShowingThem() {
        var platform = platform();
        var name = platform.newFunctionName("regauth");
        var auth = Base64.getEncoder().encodeToString("robot:it-registry-password".getBytes(StandardCharsets.UTF_8));
        var v1 = FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("env")
                .withEnvVars(Map.of("GENERATION", "one")).withRegistryAuth(auth);
        platform.admin.create(v1);
        TestPlatform.await(() -> body(call(name, "")), b -> b.contains("GENERATION=one"), READY, "a call to " + name);
        // An update with credentials goes to Docker's API directly (docker-java cannot send them).
        platform.admin.update(v1.withEnvVars(Map.of("GENERATION", "two")));
        TestPlatform.await(() -> body(call(name, "")), b -> b.contains("GENERATION=two"), READY, "the updated " + name);
        var json = platform.system("GET", "/system/function/" + name, null).body();
        assertFalse(json.contains(auth) || json.contains("it-registry-password") || json.contains("registryAuth"), json);
        assertEquals(400, platform.system("PUT", "/system/functions", "{\"service\":\"" + name + "\",\"image\":\""
                + platform.watchdogImage + "\",\"registryAuth\":\"not base64!\"}").statusCode());
    }

    // --- secrets (API.md 1.4, 2.3, 9) ---

    @Test
    default void secretValuesReachTheFunctionUpdatesRollItAndNoAnswerShowsThem() throws IOException {
        var platform = platform();
        var secret = platform.newSecretName("e2e");
        var first = "first-value-" + secret;
        var second = "second\u00e9-value-" + secret;
        assertEquals(201, platform.system("POST", "/system/secrets",
                Json.mapper().writeValueAsString(new Secret(secret, null, first, null))).statusCode());
        var listing = platform.system("GET", "/system/secrets", null);
        assertEquals(200, listing.statusCode());
        List<Secret> secrets = Json.mapper().readValue(listing.body(), new TypeReference<>() { });
        assertTrue(secrets.contains(Secret.named(secret, "openfaas-fn"))
                || secrets.stream().anyMatch(s -> s.name().equals(secret) && "openfaas-fn".equals(s.namespace())),
                listing.body());
        assertFalse(listing.body().contains(first), "values are never listed");

        var name = platform.newFunctionName("secret");
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage)
                .withEnvProcess("cat /var/openfaas/secrets/" + secret)
                .withSecrets(List.of(secret)));
        var answer = TestPlatform.await(() -> call(name, ""), r -> r.statusCode() == 200, READY, "a call to " + name);
        assertEquals(first, body(answer));

        // rawValue (faas-cli --from-file) replaces the value; the function's replicas roll onto it.
        var raw = Base64.getEncoder().encodeToString(second.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, platform.system("PUT", "/system/secrets",
                "{\"name\":\"" + secret + "\",\"rawValue\":\"" + raw + "\"}").statusCode());
        TestPlatform.await(() -> body(call(name, "")), second::equals, READY, "the new secret value in " + name);
        // Start-first: the old replica answers until swarm stops it, just after the new one is healthy;
        // then it leaves the rotation for good.
        TestPlatform.await(() -> java.util.stream.IntStream.range(0, 5).allMatch(i -> second.equals(body(call(name, "")))),
                Boolean::booleanValue, Duration.ofSeconds(15), "only replicas with the new value answering");
        for (var path : List.of("/system/functions", "/system/function/" + name, "/system/secrets")) {
            var text = platform.system("GET", path, null).body();
            assertFalse(text.contains(first) || text.contains(second) || text.contains(raw), path + ": " + text);
        }

        // Deleting the secret right after its function: the gateway waits for the tasks to stop.
        platform.admin.remove(name);
        assertEquals(200, platform.system("DELETE", "/system/secrets", "{\"name\":\"" + secret + "\"}").statusCode());
        assertFalse(platform.system("GET", "/system/secrets", null).body().contains("\"" + secret + "\""));
        assertEquals(404, platform.system("DELETE", "/system/secrets", "{\"name\":\"" + secret + "\"}").statusCode());
    }

    @Test
    default void answersEachBadSecretRequestWithItsStatus() {
        var platform = platform();
        var secret = platform.newSecretName("bad");
        assertEquals(201, platform.system("POST", "/system/secrets", "{\"name\":\"" + secret + "\",\"value\":\"x\"}")
                .statusCode());
        assertEquals(409, platform.system("POST", "/system/secrets", "{\"name\":\"" + secret + "\",\"value\":\"y\"}")
                .statusCode(), "creating an existing secret");
        for (var bad : List.of("", "a/b", "a..b", "../x", "-dash")) {
            var response = platform.system("POST", "/system/secrets", "{\"name\":\"" + bad + "\",\"value\":\"x\"}");
            assertEquals(400, response.statusCode(), "name '" + bad + "': " + response.body());
        }
        assertEquals(404, platform.system("PUT", "/system/secrets", "{\"name\":\"it-no-such-secret\",\"value\":\"x\"}")
                .statusCode());
        assertEquals(404, platform.system("DELETE", "/system/secrets", "{\"name\":\"it-no-such-secret\"}")
                .statusCode());
        assertEquals(400, platform.system("POST", "/system/secrets", "{\"name\":").statusCode(), "malformed JSON");
        assertEquals(400, platform.system("POST", "/system/secrets", "{\"name\":\"x\",\"namespace\":\"other\"}")
                .statusCode(), "another namespace");
        assertEquals(400, platform.system("GET", "/system/secrets?namespace=other", null).statusCode());
        // A secret in use cannot go; a deploy naming a missing secret is refused.
        var missing = platform.newFunctionName("nosecret");
        var response = platform.system("POST", "/system/functions", "{\"service\":\"" + missing + "\",\"image\":\""
                + platform.watchdogImage + "\",\"secrets\":[\"it-no-such-secret\"]}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("secret not found"), response.body());
    }

    // --- rolling update (API.md 2.4) ---

    @Test
    default void aRollingUpdateUnderSteadyCallsFailsNone() throws Exception {
        var platform = platform();
        var name = platform.newFunctionName("roll");
        var v1 = FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("env")
                .withEnvVars(Map.of("GENERATION", "one"));
        platform.admin.create(v1);
        TestPlatform.await(() -> call(name, ""), r -> r.statusCode() == 200, READY, "a call to " + name);

        var stop = new AtomicBoolean();
        var calls = new AtomicInteger();
        var failures = new ArrayList<String>();
        var sawTwo = new AtomicBoolean();
        var callers = new ArrayList<Thread>();
        for (int i = 0; i < 2; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    var response = call(name, "");
                    calls.incrementAndGet();
                    if (response.statusCode() != 200) {
                        synchronized (failures) {
                            failures.add(response.statusCode() + " " + body(response));
                        }
                    } else if (body(response).contains("GENERATION=two")) {
                        sawTwo.set(true);
                    }
                }
            }));
        }
        TestPlatform.sleep(Duration.ofMillis(500));
        platform.admin.update(v1.withEnvVars(Map.of("GENERATION", "two")));
        TestPlatform.await(sawTwo::get, Boolean::booleanValue, READY, "an answer from the new spec");
        // Keep calling while the old replica drains and stops.
        TestPlatform.sleep(Duration.ofSeconds(3));
        stop.set(true);
        for (var caller : callers) {
            caller.join();
        }
        assertTrue(calls.get() > 20, "calls made: " + calls.get());
        assertEquals(List.of(), failures, failures.size() + " of " + calls.get() + " calls failed");
        var status = platform.awaitStatus(name, s -> s.availableReplicas() == 1, READY);
        assertEquals(Map.of("GENERATION", "two"), status.envVars());
    }

    @Test
    default void rollsBackAnUpdateWhoseReplicasNeverGetHealthyAndKeepsAnswering() {
        var platform = platform();
        var name = platform.newFunctionName("rollback");
        var v1 = FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat")
                .withEnvVars(Map.of("GENERATION", "one"));
        platform.admin.create(v1);
        TestPlatform.await(() -> call(name, "x"), r -> r.statusCode() == 200, READY, "a call to " + name);
        // The new replica's watchdog listens on another port: its health check on 8080 never passes.
        platform.admin.update(v1.withEnvVars(Map.of("GENERATION", "two", "port", "8099")));
        var failures = new ArrayList<Integer>();
        TestPlatform.await(() -> {
            var status = call(name, "x").statusCode();
            if (status != 200) {
                failures.add(status);
            }
            return platform.admin.getFunction(name).envVars();
        }, Map.of("GENERATION", "one")::equals, Duration.ofSeconds(90), "the rollback of " + name);
        assertEquals(List.of(), failures, "the old replica kept answering while the new one failed");
        assertEquals(1, platform.awaitStatus(name, s -> s.availableReplicas() == 1, READY).availableReplicas());
    }

    // --- logs (API.md 1.5) ---

    @Test
    default void streamsLogsAsNdjsonEndingWithoutFollowAndFollowingNewLines() throws Exception {
        var platform = platform();
        var name = platform.newFunctionName("logs");
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat"));
        TestPlatform.await(() -> call(name, "x"), r -> r.statusCode() == 200, READY, "a call to " + name);
        var lines = TestPlatform.await(() -> logLines(name, "follow=false"),
                l -> l.stream().anyMatch(m -> m.text().contains("Forking fprocess")), Duration.ofSeconds(15),
                "the call's log line");
        for (var line : lines) {
            assertEquals(name, line.name());
            assertEquals("openfaas-fn", line.namespace());
            assertFalse(line.instance().isBlank(), "instance is the task id");
            assertNotNull(line.timestamp());
        }
        assertEquals(1, logLines(name, "follow=false&tail=1").size(), "tail=1: the last line only");
        var instance = lines.getFirst().instance();
        assertTrue(logLines(name, "follow=false&instance=" + instance).stream().allMatch(m -> m.instance().equals(instance)));
        var future = lines.getLast().timestamp().plusSeconds(3600);
        assertEquals(List.of(), logLines(name, "follow=false&since=" + future));

        // follow=true: a line written after the request started arrives on the open stream.
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.gateway + "/system/logs?name="
                        + name + "&follow=true&tail=1"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + platform.password).getBytes(StandardCharsets.UTF_8)))
                .build();
        var stream = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertEquals("application/x-ndjson", stream.headers().firstValue("Content-Type").orElse(""));
        var marker = "marker-" + System.nanoTime();
        Thread.ofVirtual().start(() -> {
            TestPlatform.sleep(Duration.ofMillis(500));
            call(name, marker);
        });
        try (var received = stream.body()) {
            var forking = java.util.concurrent.CompletableFuture.supplyAsync(() -> received
                    .map(FunctionProviderContract::message)
                    .filter(m -> m.timestamp().isAfter(lines.getLast().timestamp()) && m.text().contains("Forking"))
                    .findFirst());
            assertTrue(forking.get(20, java.util.concurrent.TimeUnit.SECONDS).isPresent(),
                    "a new line arrived while following");
        }
    }

    @Test
    default void answersEachBadLogRequestWithItsStatus() {
        var platform = platform();
        assertEquals(422, platform.system("GET", "/system/logs?name=x&tail=ten", null).statusCode());
        assertEquals(422, platform.system("GET", "/system/logs?name=x&since=yesterday", null).statusCode());
        assertEquals(422, platform.system("GET", "/system/logs?name=x&follow=maybe", null).statusCode());
        assertEquals(422, platform.system("GET", "/system/logs", null).statusCode(), "no name");
        assertEquals(404, platform.system("GET", "/system/logs?name=it-nobody-here&follow=false", null).statusCode());
    }

    // --- every other bad input of API.md 1.4 ---

    @Test
    default void answersEachBadFunctionRequestWithItsStatus() {
        var platform = platform();
        var image = platform.watchdogImage;
        var name = platform.newFunctionName("badinput");
        assertEquals(202, platform.system("POST", "/system/functions",
                "{\"service\":\"" + name + "\",\"image\":\"" + image + "\"}").statusCode());
        var exists = platform.system("POST", "/system/functions", "{\"service\":\"" + name + "\",\"image\":\"" + image + "\"}");
        assertEquals(400, exists.statusCode(), "a name that exists");
        assertTrue(exists.body().contains("Deployment error"), exists.body());
        assertEquals(404, platform.system("PUT", "/system/functions",
                "{\"service\":\"it-nobody-here\",\"image\":\"" + image + "\"}").statusCode(), "PUT of an unknown function");
        assertEquals(400, platform.system("PUT", "/system/functions", "{\"service\":").statusCode());
        assertEquals(400, platform.system("DELETE", "/system/functions", "{}").statusCode(), "no functionName");
        assertEquals(400, platform.system("DELETE", "/system/functions", "{\"functionName\":\"\"}").statusCode());
        assertEquals(404, platform.system("DELETE", "/system/functions", "{\"functionName\":\"it-nobody-here\"}")
                .statusCode());
        assertEquals(404, platform.system("GET", "/system/function/it-nobody-here", null).statusCode());
        assertEquals(400, platform.system("GET", "/system/functions?namespace=other", null).statusCode());
        assertEquals(400, platform.system("POST", "/system/functions", "{\"service\":\"" + name + "-ns\",\"image\":\""
                + image + "\",\"namespace\":\"other\"}").statusCode(), "another namespace");
        assertEquals(400, platform.system("POST", "/system/scale-function/" + name, "{\"serviceName\":").statusCode());
        assertEquals(404, platform.system("POST", "/system/scale-function/it-nobody-here",
                "{\"serviceName\":\"it-nobody-here\",\"replicas\":1}").statusCode());
        assertEquals(202, platform.system("POST", "/system/scale-function/" + name,
                "{\"serviceName\":\"" + name + "\",\"replicas\":0}").statusCode(), "0 replicas is valid");
        assertEquals(0, platform.admin.getFunction(name).replicas());
    }

    @Test
    default void aFieldOfTheWrongTypeIs400NamingTheField() {
        var platform = platform();
        var cases = Map.of(
                "{\"service\":\"it-types\",\"image\":\"x\",\"envVars\":\"a=b\"}", "envVars",
                "{\"service\":\"it-types\",\"image\":\"x\",\"secrets\":\"one\"}", "secrets",
                "{\"service\":\"it-types\",\"image\":\"x\",\"readOnlyRootFilesystem\":\"maybe\"}", "readOnlyRootFilesystem",
                "{\"service\":\"it-types\",\"image\":\"x\",\"limits\":{\"memory\":[1]}}", "limits.memory");
        cases.forEach((body, field) -> {
            var response = platform.system("POST", "/system/functions", body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(response.body().contains("\"" + field + "\""), "names " + field + ": " + response.body());
        });
        var scale = platform.system("POST", "/system/scale-function/it-types", "{\"replicas\":\"two\"}");
        assertEquals(400, scale.statusCode());
        assertTrue(scale.body().contains("\"replicas\""), scale.body());
        assertFalse(platform.serviceExists("it-types"));
    }

    @Test
    default void refusesASystemBodyOverTheLimitWith413() {
        var platform = platform();
        var huge = "{\"name\":\"it-huge\",\"value\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertEquals(413, platform.system("POST", "/system/secrets", huge).statusCode());
        assertEquals(413, platform.system("POST", "/system/functions", huge).statusCode());
    }

    private static LogMessage message(String line) {
        try {
            return Json.mapper().readValue(line, LogMessage.class);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    private List<LogMessage> logLines(String name, String query) {
        var response = platform().system("GET", "/system/logs?name=" + name + "&" + query, null);
        assertEquals(200, response.statusCode(), response.body());
        return response.body().lines().filter(l -> !l.isBlank()).map(FunctionProviderContract::message).toList();
    }

    private HttpResponse<byte[]> call(String name, String body) {
        return platform().anonymous.invoke(name, "POST", "", Map.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}

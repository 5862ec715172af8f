package dev.skiff.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler on the real swarm through the test stack's gateway. bin/test runs the stack with short
 * windows (scale_stable_window 10s, scale_panic_window 3s); zero-duration comes from each function's label.
 * Load comes from this JVM, bounded, to the gateway on 127.0.0.1 only.
 */
class ScalingIT {
    private static TestPlatform platform;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void connect() throws Exception {
        platform = TestPlatform.fromEnvironment();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        platform.close();
    }

    @Test
    void scalesUpUnderLoadWithinMaxAndBackDownToMinWhenItStops() throws Exception {
        var name = platform.newFunctionName("load");
        // Each call holds a slot for 0.3 s; 2 in flight per replica is the target, max 3, min 2.
        deploy(name, "sleep 0.3", Map.of("com.openfaas.scale.type", "capacity", "com.openfaas.scale.target", "2",
                "com.openfaas.scale.min", "2", "com.openfaas.scale.max", "3"), Map.of());
        platform.awaitStatus(name, s -> s.availableReplicas() == 2, Duration.ofSeconds(30));
        awaitAnswer(name);

        var stop = new AtomicBoolean();
        var failures = new AtomicInteger();
        var calls = new AtomicInteger();
        var highest = new AtomicLong();
        // 12 callers in flight need 6 replicas: the panic window sees 3x what 2 replicas take.
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                callers.submit(() -> {
                    while (!stop.get()) {
                        if (post(name, "x").statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                        calls.incrementAndGet();
                    }
                    return null;
                });
            }
            try {
                var scaled = TestPlatform.await(() -> platform.admin.getFunction(name).replicas(), r -> {
                    highest.accumulateAndGet(r, Math::max);
                    return r == 3;
                }, Duration.ofSeconds(15), "scale-up of " + name + " to its max under load");
                assertEquals(3, scaled);
                // Holding the load: it stays at max, never above.
                for (int i = 0; i < 10; i++) {
                    highest.accumulateAndGet(platform.admin.getFunction(name).replicas(), Math::max);
                    TestPlatform.sleep(Duration.ofMillis(300));
                }
            } finally {
                stop.set(true);
            }
        }
        assertEquals(3, highest.get(), "com.openfaas.scale.max=3 is never exceeded");
        assertEquals(0, failures.get(), "no call fails while scaling up (" + calls.get() + " calls)");

        TestPlatform.await(() -> platform.admin.getFunction(name).replicas(), r -> r == 2, Duration.ofSeconds(40),
                "scale-down of " + name + " after the load stopped");
        TestPlatform.sleep(Duration.ofSeconds(3));
        assertEquals(2, platform.admin.getFunction(name).replicas(), "com.openfaas.scale.min=2 is a floor");
        assertTrue(metric("gateway_scaling_decisions_total", name, "action=\"up\"") >= 1, "up decisions exported");
    }

    @Test
    void coldZeroAfterTheIdleTimeThenFiftyConcurrentCallsAllSucceed() throws Exception {
        var name = platform.newFunctionName("cold");
        var keeper = platform.newFunctionName("nozero");
        deploy(name, "cat", zeroLabels("2s"), Map.of("dev.skiff.scale.zero-mode", "cold"));
        deploy(keeper, "cat", Map.of(), Map.of());
        awaitAnswer(name);
        awaitAnswer(keeper);

        platform.awaitStatus(name, s -> s.replicas() == 0 && s.availableReplicas() == 0, Duration.ofSeconds(20));
        TestPlatform.await(() -> containers(name, false), n -> n == 0, Duration.ofSeconds(30),
                "removal of " + name + "'s last container");
        assertEquals(1, platform.admin.getFunction(keeper).replicas(),
                "a function without com.openfaas.scale.zero stays up however idle");

        var answers = new ConcurrentHashMap<Integer, AtomicInteger>();
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                futures.add(callers.submit(() -> {
                    var response = post(name, "call " + n);
                    answers.computeIfAbsent(response.statusCode(), c -> new AtomicInteger()).incrementAndGet();
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                    if (response.statusCode() == 200) {
                        assertEquals("call " + n, response.body());
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
        assertEquals(Map.of(200, 50), Map.copyOf(answers.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
                "all 50 calls to a function at cold zero succeed; failures: " + failures);
        assertEquals(1, platform.admin.getFunction(name).replicas(), "one wake-up, to min");
        assertTrue(metric("gateway_function_cold_start_seconds_count", name, "zero=\"cold\"") >= 50,
                "every call that waited is in the cold-start histogram");
        assertEquals(1, platform.admin.getFunction(keeper).replicas());
    }

    @Test
    void warmZeroPausesTheLastReplicaAndUnpausesItForTheNextCall() throws Exception {
        var name = platform.newFunctionName("warm");
        deploy(name, "cat", zeroLabels("2s"), Map.of("dev.skiff.scale.zero-mode", "warm"));
        awaitAnswer(name);

        platform.awaitStatus(name, s -> s.replicas() == 0 && s.availableReplicas() == 0, Duration.ofSeconds(20));
        if (containers(name, true) == 0) {
            // Another platform's older gateway on this shared swarm may have scaled it to 0 first: wake it
            // through ours (that gateway then leaves it alone for its stable window) and let ours freeze it.
            var woken = post(name, "wake");
            assertEquals(200, woken.statusCode(), woken.body());
            TestPlatform.await(() -> containers(name, true), n -> n == 1, Duration.ofSeconds(20),
                    "the pause of " + name + "'s last container");
        }
        assertEquals(1, containers(name, true), "the last container is paused, not removed");
        assertEquals(0, platform.admin.getFunction(name).replicas(), "a paused replica counts as zero");

        long started = System.nanoTime();
        var response = post(name, "warm");
        var took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("warm", response.body());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "a warm wake-up takes no container start: " + took);
        assertEquals(0, containers(name, true), "unpaused");
        assertEquals(1, platform.admin.getFunction(name).replicas());
        assertTrue(metric("gateway_function_cold_start_seconds_count", name, "zero=\"warm\"") >= 1);
    }

    @Test
    void scaledToZeroThroughTheApiAndCalledAtOnce() throws Exception {
        var name = platform.newFunctionName("apizero");
        deploy(name, "cat", Map.of(), Map.of());
        awaitAnswer(name);
        platform.admin.scale(name, 0);
        assertEquals(0, platform.admin.getFunction(name).replicas(), "an immediate GET shows 0");
        var response = post(name, "back");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("back", response.body());
    }

    @Test
    void aReplicaThatIsNotReadyGetsNoCall() throws Exception {
        var name = platform.newFunctionName("unready");
        // http mode whose upstream never listens: the watchdog runs (swarm sees a healthy task) but its
        // /_/ready answers 503, so the gateway must not forward to it.
        deploy(name, "sleep 3600", Map.of(), Map.of(), Map.of("mode", "http",
                "upstream_url", "http://127.0.0.1:3999"));
        platform.awaitStatus(name, s -> s.availableReplicas() == 1, Duration.ofSeconds(30));
        var response = post(name, "x");
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("proxy", response.headers().firstValue("X-OpenFaaS-Internal").orElse(""),
                "the gateway answered, not the replica: " + response.body());
    }

    private static Map<String, String> zeroLabels(String idle) {
        return Map.of("com.openfaas.scale.zero", "true", "com.openfaas.scale.zero-duration", idle);
    }

    private static void deploy(String name, String process, Map<String, String> labels,
                               Map<String, String> annotations) throws Exception {
        deploy(name, process, labels, annotations, Map.of());
    }

    private static void deploy(String name, String process, Map<String, String> labels,
                               Map<String, String> annotations, Map<String, String> env) throws Exception {
        var body = new LinkedHashMap<String, Object>();
        body.put("service", name);
        body.put("image", platform.watchdogImage);
        body.put("envProcess", process);
        body.put("labels", labels);
        body.put("annotations", annotations);
        body.put("envVars", env);
        var request = HttpRequest.newBuilder(platform.gateway.resolve("/system/functions"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + platform.password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), "deploy of " + name + ": " + response.body());
    }

    private static void awaitAnswer(String name) {
        TestPlatform.await(() -> post(name, "ping").statusCode(), code -> code == 200, Duration.ofSeconds(30),
                "a first answer from " + name);
    }

    private static HttpResponse<String> post(String name, String body) {
        var request = HttpRequest.newBuilder(platform.gateway.resolve("/function/" + name))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("call to " + name + " failed: " + e, e);
        }
    }

    /** The function's containers on this node: paused ones, or all. */
    private static int containers(String name, boolean paused) {
        var list = platform.docker.docker().listContainersCmd().withShowAll(!paused)
                .withLabelFilter(Map.of("com.docker.swarm.service.name", name));
        if (paused) {
            list = list.withStatusFilter(List.of("paused"));
        }
        return list.exec().size();
    }

    /** Sum of a series' samples for the function (and an extra label), from the gateway's scrape. */
    private static double metric(String series, String function, String label) throws Exception {
        var scrape = HTTP.send(HttpRequest.newBuilder(URI.create(TestPlatform.metrics() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var line = Pattern.compile("^" + series + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        double sum = 0;
        while (line.find()) {
            if (line.group(1).contains("function_name=\"" + function + ".") && line.group(1).contains(label)) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}

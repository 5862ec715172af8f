package dev.skiff.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing through the test stack's gateway to real swarm replicas: idle keep-alive gaps and a killed replica. */
class RoutingIT {
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
    void callsAfterIdleGapsLongerThanTheWatchdogsKeepAliveNeverFail() {
        var name = platform.newFunctionName("idle");
        // The watchdog drops keep-alive connections idle for 1 s, far below the gateway's 20 s expiry: every
        // call after a gap finds its pooled connection closed by the replica, and must still succeed.
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat")
                .withEnvVars(Map.of("read_timeout", "1s")));
        awaitAnswering(name);
        for (int gap = 0; gap < 4; gap++) {
            for (int i = 0; i < 4; i++) {
                var answer = call(name, "gap " + gap);
                assertEquals(200, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
                assertEquals("gap " + gap, new String(answer.body(), StandardCharsets.UTF_8));
            }
            TestPlatform.sleep(Duration.ofMillis(1_500));
        }
    }

    @Test
    void aKilledReplicaLosesOnlyTheCallsItWasAnswering() throws Exception {
        var name = platform.newFunctionName("kill");
        // Two replicas, held there: the autoscaler would otherwise take an idle function back to one.
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("cat")
                .withLabels(Map.of("com.openfaas.scale.min", "2", "com.openfaas.scale.max", "2")));
        platform.awaitStatus(name, s -> s.availableReplicas() == 2, Duration.ofSeconds(30));
        awaitAnswering(name);
        var containers = platform.docker.docker().listContainersCmd()
                .withLabelFilter(Map.of("com.docker.swarm.service.name", name)).exec();
        assertEquals(2, containers.size(), "two running containers of " + name);

        int callers = 6;
        var stop = new AtomicBoolean();
        var answered = new AtomicInteger();
        var failures = new ConcurrentHashMap<Integer, AtomicInteger>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ArrayList<java.util.concurrent.Future<?>>();
            for (int c = 0; c < callers; c++) {
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        HttpResponse<byte[]> answer;
                        try {
                            answer = call(name, "x");
                        } catch (dev.skiff.api.client.GatewayException e) {
                            // The replica died while streaming this answer: the gateway could only cut it off.
                            failures.computeIfAbsent(-1, code -> new AtomicInteger()).incrementAndGet();
                            continue;
                        }
                        if (answer.statusCode() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failures.computeIfAbsent(answer.statusCode(), code -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }));
            }
            TestPlatform.sleep(Duration.ofSeconds(1));
            platform.docker.docker().killContainerCmd(containers.getFirst().getId()).exec();
            TestPlatform.sleep(Duration.ofSeconds(3));
            stop.set(true);
            for (var future : running) {
                future.get();
            }
        }
        int failed = failures.values().stream().mapToInt(AtomicInteger::get).sum();
        // Only calls the killed replica was answering at that instant may fail (-1: cut off mid-answer): at most
        // one per caller.
        assertTrue(failed <= callers, "failed calls " + failures + " of " + (answered.get() + failed));
        assertTrue(answered.get() > 50, "calls kept being answered by the other replica: " + answered.get());
    }

    @Test
    void aFunctionsTimeoutAnnotationEndsItsSlowCallsSooner() {
        var name = platform.newFunctionName("timeout");
        // Each call sleeps 10 s; the annotation gives the gateway 1 s, far below upstream_timeout (60 s).
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("sleep 10")
                .withAnnotations(Map.of("com.skiff.timeout", "1s")));
        platform.awaitStatus(name, s -> s.availableReplicas() == 1, Duration.ofSeconds(30));
        long started = System.nanoTime();
        var answer = call(name, "slow");
        var took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(502, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the call took " + took + ", not about 1 s");
    }

    @Test
    void aHundredMegabyteUploadStreamsThroughWithoutTheGatewayGrowing() throws Exception {
        var name = platform.newFunctionName("upload");
        // The watchdog refuses bodies over 16 MiB by default; this one takes any size.
        platform.admin.create(FunctionDeployment.of(name, platform.watchdogImage).withEnvProcess("wc -c")
                .withEnvVars(Map.of("max_request_bytes", "0")));
        awaitAnswering(name);
        long size = 100L * 1024 * 1024;
        long gatewayPid = gatewayPid();
        long before = rssKib(gatewayPid);
        var peak = new java.util.concurrent.atomic.AtomicLong(before);
        var sampling = new AtomicBoolean(true);
        var sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(rssKib(gatewayPid), Math::max);
                TestPlatform.sleep(Duration.ofMillis(50));
            }
        });
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var body = java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size)), size);
        var answer = http.send(java.net.http.HttpRequest.newBuilder(platform.gateway.resolve("/function/" + name))
                        .timeout(Duration.ofSeconds(60)).POST(body).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        sampling.set(false);
        sampler.join();
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(String.valueOf(size), answer.body().strip(), "wc -c counted every byte");
        long grewMib = (peak.get() - before) / 1024;
        assertTrue(grewMib < 40, "gateway RSS grew by " + grewMib + " MiB while a 100 MiB body went through");
    }

    /** The test stack's gateway JVM: the container publishing the test gateway's port. */
    private static long gatewayPid() {
        int port = platform.gateway.getPort();
        var container = platform.docker.docker().listContainersCmd().exec().stream()
                .filter(c -> java.util.Arrays.stream(c.getPorts()).anyMatch(p -> p.getPublicPort() != null
                        && p.getPublicPort() == port))
                .findFirst().orElseThrow(() -> new AssertionError("no container publishes port " + port));
        return platform.docker.docker().inspectContainerCmd(container.getId()).exec().getState().getPidLong();
    }

    private static long rssKib(long pid) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class ZeroStream extends java.io.InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    private static void awaitAnswering(String name) {
        TestPlatform.await(() -> call(name, "ping"), r -> r.statusCode() == 200, Duration.ofSeconds(30),
                "a first answer from " + name);
    }

    private static HttpResponse<byte[]> call(String name, String body) {
        return platform.anonymous.invoke(name, "POST", "", Map.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8));
    }
}

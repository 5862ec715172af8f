package dev.skiff.queueworker.e2e;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.Json;
import dev.skiff.api.client.Credentials;
import dev.skiff.api.client.GatewayClient;
import dev.skiff.api.client.GatewayException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The test stack bin/test deployed (gateway, nats, queue worker as swarm services), reached only through
 * the gateway's port on 127.0.0.1, plus the docker CLI for the fault tests (kill a container by id).
 * Functions made here are removed on close.
 */
final class AsyncPlatform implements AutoCloseable {
    /**
     * The recorder's script, passed in its environment: each POST is appended to a file as
     * {@code PATH CALL-ID FUNCTION-STATUS}; a GET answers the file. The watchdog splits {@code fprocess} on
     * spaces, so the command is {@code sh -c eval${IFS}$REC}: the shell splits the script back into words
     * and eval runs it.
     */
    private static final String RECORDER_SCRIPT = "if [ \"$Http_Method\" = GET ]; then touch /tmp/calls; cat /tmp/calls;"
            + " else sleep ${DELAY:-0}; echo \"$Http_Path $Http_X_Call_Id ${Http_X_Function_Status:--}\" >> /tmp/calls; fi";

    final GatewayClient admin;
    final GatewayClient anonymous;
    final String watchdogImage;
    final String stack;
    private final List<String> created = new ArrayList<>();

    private AsyncPlatform(URI gateway, String password, String watchdogImage, String stack) {
        this.admin = new GatewayClient(gateway, Credentials.basic("admin", password));
        this.anonymous = new GatewayClient(gateway, Credentials.none());
        this.watchdogImage = watchdogImage;
        this.stack = stack;
    }

    static AsyncPlatform fromEnvironment() throws IOException {
        var network = required("SKIFF_TEST_NETWORK");
        return new AsyncPlatform(URI.create(required("SKIFF_TEST_GATEWAY")),
                Files.readString(Path.of(required("SKIFF_TEST_PASSWORD_FILE"))).strip(),
                required("SKIFF_TEST_WATCHDOG_IMAGE"), network.replaceAll("_functions$", ""));
    }

    private static String required(String name) {
        var value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the integration tests through bin/test");
        }
        return value;
    }

    String newName(String purpose) {
        var name = "it-" + purpose + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36)
                .toLowerCase(Locale.ROOT);
        created.add(name);
        return name;
    }

    /** A recorder function (one replica) that waits {@code delay} per recorded call; ready when this returns. */
    String deployRecorder(String purpose, String delay, Map<String, String> annotations) {
        return deployRecorder(purpose, delay, annotations, Map.of());
    }

    /** The same, with more watchdog settings in its environment (e.g. {@code max_inflight}). */
    String deployRecorder(String purpose, String delay, Map<String, String> annotations, Map<String, String> env) {
        var name = newName(purpose);
        var all = new java.util.HashMap<>(env);
        all.put("REC", RECORDER_SCRIPT);
        all.put("DELAY", delay);
        deploy(name, "sh -c eval${IFS}$REC", all, annotations);
        await(() -> anonymous.invoke(name, "GET", "", Map.of(), new byte[0]).statusCode(), s -> s == 200,
                Duration.ofSeconds(30), "recorder " + name + " answering");
        return name;
    }

    void deploy(String name, String process, Map<String, String> env, Map<String, String> annotations) {
        // Through the wire form: only the fields this test sets, whatever else the record grows.
        admin.create(Json.mapper().convertValue(Map.of("service", name, "image", watchdogImage,
                "envProcess", process, "envVars", env, "annotations", annotations), FunctionDeployment.class));
    }

    /** The recorder's lines, read through the gateway. */
    List<String> recorded(String recorder) {
        var answer = anonymous.invoke(recorder, "GET", "", Map.of(), new byte[0]);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("recorder answered " + answer.statusCode());
        }
        var text = new String(answer.body(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    HttpResponse<byte[]> queue(String function, String path, Map<String, String> headers, String body) {
        return anonymous.invokeAsync(function, "POST", path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The running containers of one of the stack's services, e.g. {@code queue-worker}. */
    List<String> containers(String service) {
        var out = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + stack + "_" + service);
        return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
    }

    static String docker(String... args) {
        var command = new ArrayList<String>();
        command.add("docker");
        command.addAll(List.of(args));
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Supplier<T> probe, Predicate<T> condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = null;
        RuntimeException error = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                error = e;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError(what + " not within " + limit + "; last seen: " + last
                + (error == null ? "" : "; last error: " + error));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (var name : created) {
            try {
                admin.remove(name);
            } catch (GatewayException e) {
                // never deployed, or removed by the test
            }
        }
        admin.close();
        anonymous.close();
    }
}

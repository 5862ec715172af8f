package dev.skiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every template, as a user runs it, through the real {@code bin/faas-cli}: {@code new} for each language
 * into one stack, {@code up} (build in parallel, push to the local registry, deploy), {@code invoke}
 * until each answers, an {@code --async} call, then {@code remove}. Needs bin/test's platform
 * ({@code SKIFF_TEST_GATEWAY}, {@code SKIFF_TEST_PASSWORD_FILE}), the watchdog image, and root for the
 * local registry and (first run only) the Debian base image. Base images stay cached in dockerd and the
 * registry's layers on disk, so later runs build only the functions.
 */
class TemplatesIT {
    private static final List<String> LANGUAGES = List.of("java21", "python3-http", "node-http", "bash-streaming", "dockerfile");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir Path dir;

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @Test
    void everyTemplateGoesFromNewToAnAnsweringFunction() throws Exception {
        var gateway = requireEnv("SKIFF_TEST_GATEWAY").toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        var password = Files.readString(Path.of(requireEnv("SKIFF_TEST_PASSWORD_FILE"))).strip();
        var registry = run(List.of(REPO.resolve("bin/lib/registry.sh").toString(), "start"), "", Map.of());
        assertEquals(0, registry.exitCode(), registry::toString);

        var suffix = randomLetters(5);
        var functions = new LinkedHashMap<String, String>();
        LANGUAGES.forEach(lang -> functions.put("it-tpl-" + lang.replaceAll("[^a-z0-9]+", "") + "-" + suffix, lang));
        var env = Map.of("OPENFAAS_URL", gateway, "OPENFAAS_CONFIG", dir.resolve("config").toString());
        try {
            assertEquals(0, cli(password, env, "login", "-u", "admin", "--password-stdin").exitCode());
            for (var entry : functions.entrySet()) {
                var created = cli("", env, "new", entry.getKey(), "--lang", entry.getValue());
                assertEquals(0, created.exitCode(), created::toString);
            }
            var up = cli("", env, "up", "--quiet", "--parallel", "3");
            assertEquals(0, up.exitCode(), up::toString);
            for (var name : functions.keySet()) {
                assertTrue(up.out().contains("Pushed: 127.0.0.1:5000/" + name + ":latest@sha256:"), up::toString);
                var answer = retry(() -> cli("Skiff", env, "invoke", name));
                assertEquals("Hello, Skiff\n", answer.out(), functions.get(name) + ": " + answer);
                // Deployed from the registry: swarm pinned the pushed digest.
                var image = run(List.of("docker", "service", "inspect", "-f",
                        "{{.Spec.TaskTemplate.ContainerSpec.Image}}", name), "", Map.of());
                assertTrue(image.out().strip().startsWith("127.0.0.1:5000/" + name + ":latest@sha256:"), image::toString);
                // Available means running and healthy: the swarm health check works on this template's image
                // (a Debian-based one once had no wget, and swarm kept replacing its replicas).
                var described = retry(() -> {
                    var d = cli("", env, "describe", name);
                    return d.out().matches("(?s).*Available Replicas:\\s+1\\b.*") ? d : new Run(1, d.out(), d.err());
                });
                assertEquals(0, described.exitCode(), functions.get(name) + " never got healthy: " + described);
            }
            var async = cli("Skiff", env, "invoke", "--async", functions.keySet().iterator().next());
            assertEquals(0, async.exitCode(), async::toString);
            assertTrue(async.err().matches("(?s).*X-Call-Id: [0-9a-fA-F-]{8,}.*"), async::toString);

            var removed = cli("", env, "remove");
            assertEquals(0, removed.exitCode(), removed::toString);
        } finally {
            for (var name : functions.keySet()) {
                run(List.of("docker", "service", "rm", name), "", Map.of());
                // -f: the tasks may still be stopping; untagging is enough, dockerd drops the layers when they go.
                run(List.of("docker", "rmi", "-f", name + ":latest", "127.0.0.1:5000/" + name + ":latest"), "", Map.of());
            }
        }
    }

    private Run retry(java.util.concurrent.Callable<Run> call) throws Exception {
        var deadline = Instant.now().plus(READY_TIMEOUT);
        var result = call.call();
        while (result.exitCode() != 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            result = call.call();
        }
        return result;
    }

    private Run cli(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(REPO.resolve("bin/faas-cli").toString()));
        command.addAll(List.of(args));
        return run(command, stdin, env);
    }

    private Run run(List<String> command, String stdin, Map<String, String> env) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        var environment = new HashMap<>(env);
        builder.environment().putAll(environment);
        var out = dir.resolve("out-" + System.nanoTime());
        var err = dir.resolve("err-" + System.nanoTime());
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        var process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command + " did not finish in 10 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String requireEnv(String name) {
        var value = System.getenv(name);
        if (value == null || value.isBlank()) {
            fail(name + " is not set: TemplatesIT needs a running platform; run it through bin/test");
        }
        return value.strip();
    }

    private static String randomLetters(int count) {
        var random = ThreadLocalRandom.current();
        var letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}

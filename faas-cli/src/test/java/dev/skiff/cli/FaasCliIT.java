package dev.skiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.skiff.cli.config.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real gateway, run in-process through {@link Main#run}. Needs:
 * <ul>
 * <li>{@code SKIFF_TEST_GATEWAY}: the gateway, e.g. {@code http://127.0.0.1:18080} (bin/test's stack);</li>
 * <li>{@code SKIFF_TEST_PASSWORD_FILE}: a file holding the password of user {@code admin};</li>
 * <li>the watchdog image on the swarm's nodes: {@code SKIFF_TEST_WATCHDOG_IMAGE} (set by bin/test), else
 * {@code skiff/watchdog:0.1.0}.</li>
 * </ul>
 */
class FaasCliIT {
    private static final String DEFAULT_IMAGE = "skiff/watchdog:0.1.0";
    // A new function's replica takes about a second to answer on this swarm; leave room for a busy one.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    @TempDir Path dir;

    private String gateway;
    private String password;
    private String function;
    private String image;

    /** What one CLI run printed. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void readTheTestGateway() throws IOException {
        // faas-cli keeps gateways lower-cased and without a trailing slash; compare in that form.
        gateway = requireEnv("SKIFF_TEST_GATEWAY").toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        password = Files.readString(Path.of(requireEnv("SKIFF_TEST_PASSWORD_FILE"))).strip();
        function = "it-cli-echo-" + randomLetters(6);
        image = System.getenv().getOrDefault("SKIFF_TEST_WATCHDOG_IMAGE", DEFAULT_IMAGE);
    }

    @Test
    void logsInDeploysListsInvokesAndRemovesAFunction() throws Exception {
        var login = cli(password, "login", "-u", "admin", "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
        assertTrue(Files.readString(dir.resolve("config/config.yml")).contains("gateway: " + gateway), login::toString);

        var stack = Files.writeString(dir.resolve("stack.yml"), """
                version: 1.0
                provider:
                  name: openfaas
                  gateway: %s
                functions:
                  %s:
                    image: %s
                    fprocess: cat
                    labels:
                      com.openfaas.scale.min: "1"
                """.formatted(gateway, function, image));
        try {
            var deploy = cli("", "deploy", "-f", stack.toString());
            assertEquals(0, deploy.exitCode(), deploy::toString);
            assertTrue(deploy.out().contains("Deploying: " + function + "."), deploy::toString);
            assertTrue(deploy.out().contains(gateway + "/function/" + function), deploy::toString);

            var list = cli("", "list");
            assertEquals(0, list.exitCode(), list::toString);
            assertTrue(listsFunction(list), list::toString);

            var invoke = retry(() -> cli("hello", "invoke", function), r -> r.exitCode() == 0);
            assertEquals("hello", invoke.out(), invoke::toString);

            var describe = cli("", "describe", function);
            assertEquals(0, describe.exitCode(), describe::toString);
            assertTrue(describe.out().contains("Name:                " + function), describe::toString);
            assertTrue(describe.out().contains("Function Process:    cat"), describe::toString);
            assertTrue(describe.out().contains("URL:                 " + gateway + "/function/" + function), describe::toString);

            var logs = cli("", "logs", function, "--tail", "20");
            assertEquals(0, logs.exitCode(), logs::toString);
            assertTrue(logs.out().lines().allMatch(line -> line.contains(" " + function + " (")), logs::toString);

            var remove = cli("", "remove", function);
            assertEquals(0, remove.exitCode(), remove::toString);

            var after = retry(() -> cli("", "list"), r -> r.exitCode() == 0 && !listsFunction(r));
            assertFalse(listsFunction(after), after::toString);
        } finally {
            // Leaves nothing behind even when an assertion failed half-way; a 404 here is expected.
            cli("", "remove", function);
        }
    }

    @Test
    void createsListsUpdatesAndRemovesASecret() throws Exception {
        assertEquals(0, cli(password, "login", "-u", "admin", "--password-stdin").exitCode());
        var secret = "it-cli-secret-" + randomLetters(6);
        try {
            var create = cli("", "secret", "create", secret, "--from-literal", "first");
            assertEquals(0, create.exitCode(), create::toString);
            var again = cli("", "secret", "create", secret, "--from-literal", "first");
            assertEquals(1, again.exitCode(), again::toString);
            assertTrue(again.err().contains("faas-cli secret update " + secret), again::toString);

            var list = cli("", "secret", "list");
            assertEquals(0, list.exitCode(), list::toString);
            assertTrue(list.out().lines().anyMatch(secret::equals), list::toString);

            var update = cli("second\n", "secret", "update", secret);
            assertEquals(0, update.exitCode(), update::toString);

            var remove = cli("", "secret", "remove", secret);
            assertEquals(0, remove.exitCode(), remove::toString);
            assertFalse(cli("", "secret", "list").out().lines().anyMatch(secret::equals));
            var missing = cli("", "secret", "remove", secret);
            assertEquals(1, missing.exitCode(), missing::toString);
            assertTrue(missing.err().contains("not found"), missing::toString);
        } finally {
            cli("", "secret", "remove", secret);
        }
    }

    private boolean listsFunction(Result list) {
        return list.out().lines().anyMatch(line -> line.split("\\s+")[0].equals(function));
    }

    private Result cli(String stdin, String... args) {
        var env = Map.of("OPENFAAS_URL", gateway, "OPENFAAS_CONFIG", dir.resolve("config").toString());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var streams = new Streams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        int code = Main.run(args, CliEnvironment.from(env, dir, dir), streams);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code call} until {@code done} holds or {@link #READY_TIMEOUT} passes; returns the last result. */
    private static Result retry(Supplier<Result> call, Predicate<Result> done)
            throws InterruptedException {
        var deadline = Instant.now().plus(READY_TIMEOUT);
        var result = call.get();
        while (!done.test(result) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            result = call.get();
        }
        return result;
    }

    private static String requireEnv(String name) {
        var value = System.getenv(name);
        if (value == null || value.isBlank()) {
            fail(name + " is not set: FaasCliIT needs a running gateway. Run it through bin/test, or set "
                    + "SKIFF_TEST_GATEWAY=http://127.0.0.1:18080 and SKIFF_TEST_PASSWORD_FILE=<file with the admin "
                    + "password> and run mvn -pl faas-cli verify -DskipITs=false");
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

package dev.skiff.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a function may read besides its request: its environment ({@code environment:} of stack.yml) and
 * its secrets ({@code secrets:}, mounted as files in {@value #SECRETS_PATH}).
 *
 * <p>A handler gets it from {@link #current()}, in its constructor or per call:
 *
 * <pre>{@code
 * public final class Charge implements Handler {
 *     private final String apiKey = Context.current().secret("stripe-key");
 *     ...
 * }
 * }</pre>
 */
public final class Context {
    /** Where OpenFaaS mounts a function's secrets, one file per secret. */
    public static final String SECRETS_PATH = "/var/openfaas/secrets";

    private static final InheritableThreadLocal<Context> OVERRIDE = new InheritableThreadLocal<>();

    private final Map<String, String> environment;
    private final Path secretsDir;

    private Context(Map<String, String> environment, Path secretsDir) {
        this.environment = Map.copyOf(environment);
        this.secretsDir = secretsDir;
    }

    /**
     * The process's context: its environment and {@value #SECRETS_PATH}. Inside
     * {@code dev.skiff.function.testing.FunctionTester} it is the tester's context instead.
     */
    public static Context current() {
        var override = OVERRIDE.get();
        return override != null ? override : Process.CONTEXT;
    }

    /**
     * A context with the given environment and secrets folder, for tests and runtimes.
     *
     * @param environment variable names to values
     * @param secretsDir  folder holding one file per secret
     */
    public static Context of(Map<String, String> environment, Path secretsDir) {
        return new Context(environment, secretsDir);
    }

    /**
     * Runs {@code action} with {@link #current()} answering {@code context} on this thread (and threads it
     * starts); for test helpers and runtimes that host several contexts.
     */
    public static <T> T callWith(Context context, java.util.concurrent.Callable<T> action) throws Exception {
        var previous = OVERRIDE.get();
        OVERRIDE.set(context);
        try {
            return action.call();
        } finally {
            OVERRIDE.set(previous);
        }
    }

    /** Every environment variable. */
    public Map<String, String> environment() {
        return environment;
    }

    /** One environment variable; empty when unset. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name));
    }

    /**
     * The value of a secret, read from its file each time (an updated secret is seen after the function's
     * next deploy), without a trailing newline.
     *
     * @throws IllegalStateException when the secret is not mounted, saying how to mount it
     */
    public String secret(String name) {
        return new String(secretBytes(name), StandardCharsets.UTF_8).stripTrailing();
    }

    /** The raw bytes of a secret, for binary ones. */
    public byte[] secretBytes(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("..")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a secret name");
        }
        var file = secretsDir.resolve(name);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("secret " + name + " is not mounted at " + file + ": create it with "
                    + "faas-cli secret create " + name + " and list it under secrets: of the function in stack.yml");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret " + name + " at " + file, e);
        }
    }

    /** Secrets folder of this context. */
    public Path secretsDir() {
        return secretsDir;
    }

    private static final class Process {
        private static final Context CONTEXT = new Context(System.getenv(), Path.of(SECRETS_PATH));
    }
}

package dev.skiff.function.testing;

import dev.skiff.function.Context;
import dev.skiff.function.Handler;
import dev.skiff.function.Request;
import dev.skiff.function.Response;
import dev.skiff.function.runtime.HandlerInvoker;
import dev.skiff.function.runtime.HandlerLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Calls a handler the way the runtime does, without a server: the handler is created like in production
 * (its no-argument constructor), {@link Context#current()} answers the tester's
 * environment and secrets during the call, and failures become the 400/500 answers the runtime would send.
 *
 * <pre>{@code
 * var tester = FunctionTester.forClass(Greet.class).env("GREETING", "Hi").secret("api-key", "s3cret");
 * Response response = tester.post("world");
 * assertEquals("Hi, world", response.bodyAsString());
 * }</pre>
 */
public final class FunctionTester {
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Path secretsDir;
    private final Function<Context, Handler> factory;
    private Handler handler;

    private FunctionTester(Function<Context, Handler> factory) {
        this.factory = factory;
        try {
            this.secretsDir = Files.createTempDirectory("function-secrets");
            secretsDir.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tests {@code type}, created as the runtime creates it, after the tester's env and secrets are set. */
    public static FunctionTester forClass(Class<? extends Handler> type) {
        return new FunctionTester(context -> HandlerLoader.create(type, context));
    }

    /** Tests a handler you created. */
    public static FunctionTester of(Handler handler) {
        return new FunctionTester(context -> handler);
    }

    /** Sets an environment variable the handler sees through {@link Context}. */
    public FunctionTester env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Mounts a secret the handler reads with {@link Context#secret(String)}. */
    public FunctionTester secret(String name, String value) {
        try {
            var file = secretsDir.resolve(name);
            Files.writeString(file, value, StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code POST /} with a text body. */
    public Response post(String body) {
        return call(Request.builder().method("POST").header("Content-Type", "text/plain").body(body).build());
    }

    /** {@code GET path}. */
    public Response get(String path) {
        return call(Request.builder().path(path).build());
    }

    /** Any request; build one with {@link Request#builder()}. */
    public Response call(Request request) {
        var context = Context.of(environment, secretsDir);
        try {
            return Context.callWith(context, () -> {
                if (handler == null) {
                    handler = factory.apply(context);
                }
                return new HandlerInvoker(handler).invoke(request);
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

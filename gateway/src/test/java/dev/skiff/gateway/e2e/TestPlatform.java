package dev.skiff.gateway.e2e;

import dev.skiff.api.FunctionStatus;
import dev.skiff.api.client.Credentials;
import dev.skiff.api.client.GatewayClient;
import dev.skiff.api.client.GatewayException;
import dev.skiff.gateway.provider.swarm.DockerConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The platform bin/test deployed as the test stack: its gateway on a port published on 127.0.0.1, the
 * admin password, the watchdog image, and the local Docker engine to check what the gateway did.
 * Functions made through {@link #newFunctionName} and secrets named by {@link #newSecretName} are removed
 * on {@link #close()}.
 */
final class TestPlatform implements AutoCloseable {
    final URI gateway;
    final String password;
    final String watchdogImage;
    final GatewayClient admin;
    final GatewayClient anonymous;
    final DockerConnection docker;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> created = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();

    private TestPlatform(URI gateway, String password, String watchdogImage) {
        this.gateway = gateway;
        this.password = password;
        this.watchdogImage = watchdogImage;
        this.admin = new GatewayClient(gateway, Credentials.basic("admin", password));
        this.anonymous = new GatewayClient(gateway, Credentials.none());
        this.docker = DockerConnection.fromEnvironment();
    }

    /** Reads the test stack's coordinates that bin/test exports. */
    static TestPlatform fromEnvironment() throws IOException {
        var gateway = required("SKIFF_TEST_GATEWAY");
        var passwordFile = required("SKIFF_TEST_PASSWORD_FILE");
        var image = required("SKIFF_TEST_WATCHDOG_IMAGE");
        return new TestPlatform(URI.create(gateway), Files.readString(Path.of(passwordFile)).strip(), image);
    }

    /** The test gateway's metrics listener (its port 8082, published on 127.0.0.1:18082 by bin/test). */
    static URI metrics() {
        return URI.create(required("SKIFF_TEST_METRICS"));
    }

    private static String required(String name) {
        var value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the integration tests through bin/test, "
                    + "which deploys the test stack and sets it");
        }
        return value;
    }

    /**
     * A raw authenticated call to a {@code /system} route, whatever its status, for what the typed client
     * hides (status codes, exact JSON).
     */
    HttpResponse<String> system(String method, String path, String body) {
        var request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A secret name no other test uses, removed again when the fixture closes. */
    String newSecretName(String purpose) {
        var name = "it-" + purpose + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36)
                .toLowerCase(Locale.ROOT);
        secrets.add(name);
        return name;
    }

    /** A name no other test uses, removed again when the fixture closes. */
    String newFunctionName(String purpose) {
        var name = "it-" + purpose + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36)
                .toLowerCase(Locale.ROOT);
        created.add(name);
        return name;
    }

    boolean serviceExists(String name) {
        return docker.docker().listServicesCmd().withNameFilter(List.of(name)).exec().stream()
                .anyMatch(s -> name.equals(s.getSpec().getName()));
    }

    FunctionStatus awaitStatus(String name, Predicate<FunctionStatus> condition, Duration limit) {
        return await(() -> admin.getFunction(name), condition, limit, "function " + name);
    }

    /** Polls every 100 ms until the value meets the condition; fails with the last value seen. */
    static <T> T await(Supplier<T> probe, Predicate<T> condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError(what + " did not reach the expected state within " + limit + "; last seen: "
                + last + (lastError == null ? "" : "; last error: " + lastError));
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
    public void close() throws IOException {
        for (var name : created) {
            try {
                admin.remove(name);
            } catch (GatewayException e) {
                // Already gone: the test removed it itself.
            }
        }
        for (var name : secrets) {
            // Its functions are gone: the gateway retries while their tasks stop.
            system("DELETE", "/system/secrets", "{\"name\":\"" + name + "\"}");
        }
        docker.close();
    }
}

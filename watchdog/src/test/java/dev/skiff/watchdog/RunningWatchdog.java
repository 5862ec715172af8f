package dev.skiff.watchdog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.skiff.watchdog.config.WatchdogConfig;
import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * A real watchdog on 127.0.0.1 and a free port, started in-process through {@link Main#start} with
 * the given environment, its log captured, its lock file in a test folder; closing it stops it
 * gracefully. Comes with an HTTP/1.1 client pointed at it.
 */
public final class RunningWatchdog implements AutoCloseable {

    private final Watchdog watchdog;
    private final ByteArrayOutputStream log;
    private final Path lock;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunningWatchdog(Watchdog watchdog, ByteArrayOutputStream log, Path lock) {
        this.watchdog = watchdog;
        this.log = log;
        this.lock = lock;
        this.port = watchdog.port(); // kept: a stopped server reports -1
    }

    /** Starts a watchdog with PATH, port and metrics_port 0, a short health notice period, plus {@code env} pairs. */
    public static RunningWatchdog start(Path folder, String... env) {
        Map<String, String> vars = new HashMap<>(Map.of(
                "PATH", System.getenv("PATH"), "port", "0", "metrics_port", "0", "healthcheck_interval", "100ms"));
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8);
        WatchdogConfig config = WatchdogConfig.fromEnv(vars);
        Path lock = folder.resolve(".lock");
        Watchdog watchdog = Main.start(config, lock, "127.0.0.1",
                new ConsoleLog(stream, stream, config.prefixLogs()));
        return new RunningWatchdog(watchdog, log, lock);
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    public int port() {
        return port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    /** GET /metrics on the metrics port. */
    public HttpResponse<String> metrics() {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + watchdog.metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(30)).GET());
    }

    public HttpResponse<String> post(String pathAndQuery, String body) {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient http() {
        return http;
    }

    /** Everything the watchdog logged so far (its messages and the function's output lines). */
    public String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    public boolean lockPresent() {
        return Files.exists(lock);
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code limit} passes. */
    public static boolean eventually(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        watchdog.stop();
    }
}

package dev.skiff.watchdog.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real watchdog container: {@code docker run} with the given options, port 8080 published on
 * 127.0.0.1 only (a free port), named {@code it-watchdog-<random>} and removed on close.
 */
final class WatchdogContainer implements AutoCloseable {

    private final String name;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WatchdogContainer(String name, int port) {
        this.name = name;
        this.port = port;
    }

    /** Starts {@code image} with {@code options} (e.g. {@code -e fprocess=cat}) and waits for /_/ready. */
    static WatchdogContainer start(String image, String... options) {
        return start(image, List.of(options), List.of());
    }

    /** As {@link #start(String, String...)}, with arguments after the image (for another entrypoint). */
    static WatchdogContainer start(String image, List<String> options, List<String> command) {
        String name = "it-watchdog-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "-p", "127.0.0.1::8080"));
        args.addAll(options);
        args.add(image);
        args.addAll(command);
        Docker.run(args.toArray(String[]::new));
        WatchdogContainer container;
        try {
            String mapped = Docker.run("port", name, "8080/tcp");
            container = new WatchdogContainer(name, Integer.parseInt(mapped.lines().findFirst().orElseThrow()
                    .replaceAll(".*:", "")));
        } catch (RuntimeException e) {
            Docker.tryRun("rm", "-f", name);
            throw e;
        }
        container.awaitReady();
        return container;
    }

    String name() {
        return name;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpClient http() {
        return http;
    }

    String exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", name));
        args.addAll(List.of(command));
        return Docker.run(args.toArray(String[]::new));
    }

    String logs() {
        return Docker.tryRun("logs", name).output();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send(request("/_/ready").GET()).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet (docker-proxy resets the connection)
            }
            sleep(50);
        }
        throw new IllegalStateException("container " + name + " not ready within 30 s; its log:\n" + logs());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Docker.tryRun("rm", "-f", name);
    }
}

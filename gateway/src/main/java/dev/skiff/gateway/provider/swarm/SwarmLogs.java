package dev.skiff.gateway.provider.swarm;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.command.FrameReader;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skiff.api.LogMessage;
import dev.skiff.gateway.provider.LogRequest;
import dev.skiff.gateway.provider.LogSource;
import dev.skiff.gateway.provider.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A function's log lines from swarm's service logs ({@code docker service logs}), with timestamps and
 * details: each line reads {@code <RFC 3339 time> com.docker.swarm.node.id=…,…task.id=<id> <text>}.
 */
final class SwarmLogs {
    private static final String TASK_ID = "com.docker.swarm.task.id=";

    private final DockerConnection connection;
    private final String namespace;

    SwarmLogs(DockerConnection connection, String namespace) {
        this.connection = connection;
        this.namespace = namespace;
    }

    /** How one read of Docker's log stream ended. */
    private enum Outcome { ENDED, CALLER_GONE, CUT_OFF }

    /**
     * Streams the lines of the service {@code serviceId}; see {@link LogSource#logs}. Docker's connection
     * gives up on a stream that stays quiet for its read timeout (45 s): a follow then opens the stream
     * again from the last line sent, until the limit.
     */
    void stream(String serviceId, LogRequest request, LogSource.LogSink sink, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        var resumeAfter = new Instant[] {Instant.now()};
        LogSource.LogSink tracking = message -> {
            sink.accept(message);
            resumeAfter[0] = message.timestamp();
        };
        var outcome = readOnce(serviceId, request, tracking, limit);
        while (request.follow() && outcome == Outcome.CUT_OFF && System.nanoTime() < deadline) {
            var after = resumeAfter[0];
            var again = new LogRequest(request.name(), request.instance(), Optional.of(after), 0, true);
            LogSource.LogSink newOnly = message -> {
                if (message.timestamp().isAfter(after)) {
                    tracking.accept(message);
                }
            };
            outcome = readOnce(serviceId, again, newOnly, Duration.ofNanos(deadline - System.nanoTime()));
        }
    }

    private Outcome readOnce(String serviceId, LogRequest request, LogSource.LogSink sink, Duration limit) {
        // docker-java's service-logs command drops the details parameter, which carries the task id.
        var query = new StringBuilder("/services/").append(serviceId)
                .append("/logs?stdout=1&stderr=1&timestamps=1&details=1&follow=").append(request.follow() ? 1 : 0);
        if (request.tail() > 0) {
            query.append("&tail=").append(request.tail());
        }
        // Docker takes whole seconds; the exact instant is checked per line below.
        request.since().ifPresent(since -> query.append("&since=").append(since.getEpochSecond()));
        var httpRequest = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(query.toString())
                .build();
        var response = connection.http().execute(httpRequest);
        // Following ends after the limit: closing the answer ends the blocking read below.
        var deadline = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(limit);
                closeQuietly(response);
            } catch (InterruptedException e) {
                // the stream ended first
            }
        });
        try (response; var frames = new FrameReader(response.getBody())) {
            if (response.getStatusCode() != 200) {
                throw new ProviderException("function log request failed: Docker answered "
                        + response.getStatusCode() + ": "
                        + new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8).strip(), null);
            }
            Frame frame;
            while ((frame = frames.readFrame()) != null) {
                var line = parse(request.name(), new String(frame.getPayload(), StandardCharsets.UTF_8));
                if (line.isPresent() && wanted(line.get(), request) && !send(sink, line.get())) {
                    return Outcome.CALLER_GONE;
                }
            }
            return Outcome.ENDED;
        } catch (IOException e) {
            // The limit closed the stream, or Docker's read timed out: what was sent stands.
            return Outcome.CUT_OFF;
        } finally {
            deadline.interrupt();
        }
    }

    /** False when the caller went away. */
    private static boolean send(LogSource.LogSink sink, LogMessage message) {
        try {
            sink.accept(message);
            return true;
        } catch (IOException | java.io.UncheckedIOException e) {
            // Helidon reports a caller that went away either way.
            return false;
        }
    }

    private static void closeQuietly(DockerHttpClient.Response response) {
        try {
            response.close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    private static boolean wanted(LogMessage line, LogRequest request) {
        if (request.instance().isPresent() && !request.instance().get().equals(line.instance())) {
            return false;
        }
        return request.since().isEmpty() || line.timestamp() == null || !line.timestamp().isBefore(request.since().get());
    }

    /** One line of Docker's answer as a message; empty for a line that does not have the expected shape. */
    Optional<LogMessage> parse(String function, String payload) {
        var line = payload.endsWith("\n") ? payload.substring(0, payload.length() - 1) : payload;
        int firstSpace = line.indexOf(' ');
        if (firstSpace < 0) {
            return Optional.empty();
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(line.substring(0, firstSpace));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        var rest = line.substring(firstSpace + 1);
        String instance = "";
        if (rest.startsWith("com.docker.")) {
            int detailsEnd = rest.indexOf(' ');
            var details = detailsEnd < 0 ? rest : rest.substring(0, detailsEnd);
            rest = detailsEnd < 0 ? "" : rest.substring(detailsEnd + 1);
            for (var detail : details.split(",")) {
                if (detail.startsWith(TASK_ID)) {
                    instance = detail.substring(TASK_ID.length());
                }
            }
        }
        return Optional.of(new LogMessage(function, namespace, instance, timestamp, rest));
    }
}

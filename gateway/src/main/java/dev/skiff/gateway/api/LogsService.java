package dev.skiff.gateway.api;

import dev.skiff.api.Json;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.LogRequest;
import dev.skiff.gateway.provider.LogSource;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A function's logs as newline-delimited JSON, one {@link dev.skiff.api.LogMessage} per line, each line
 * flushed as it comes; {@code follow=false} ends after the lines written so far:
 *
 * <pre>
 * curl -u admin:$PW '127.0.0.1:8080/system/logs?name=echo&amp;tail=10&amp;follow=false'
 * curl -u admin:$PW '127.0.0.1:8080/system/logs?name=echo&amp;since=2026-11-23T22:00:00Z&amp;follow=true'
 * </pre>
 */
public final class LogsService implements HttpService {
    private static final io.helidon.http.Header NDJSON = HeaderValues.create("Content-Type", "application/x-ndjson");

    private final LogSource logs;
    private final DeploymentValidator validator;
    private final Duration limit;

    /** @param limit how long one log request may stream ({@code write_timeout}) */
    public LogsService(LogSource logs, DeploymentValidator validator, Duration limit) {
        this.logs = logs;
        this.validator = validator;
        this.limit = limit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/logs", this::logs);
    }

    private void logs(ServerRequest request, ServerResponse response) {
        var logRequest = parse(request);
        response.status(Status.OK_200).header(NDJSON);
        OutputStream[] out = new OutputStream[1];
        logs.logs(logRequest, message -> {
            if (out[0] == null) {
                out[0] = response.outputStream();
            }
            out[0].write(Json.mapper().writeValueAsBytes(message));
            out[0].write('\n');
            out[0].flush();
        }, limit);
        try {
            if (out[0] == null) {
                response.send();
            } else {
                out[0].close();
            }
        } catch (IOException e) {
            // the caller went away: nothing to tell it
        }
    }

    private LogRequest parse(ServerRequest request) {
        var query = request.query();
        var name = FunctionNames.parse(query.first("name").orElseThrow(
                () -> new UnparsableLogRequestException("name is required (the function's name)")));
        validator.checkNamespace(query.first("namespace").orElse(name.namespace()));
        int tail;
        try {
            tail = Integer.parseInt(query.first("tail").orElse("0").strip());
        } catch (NumberFormatException e) {
            throw new UnparsableLogRequestException("tail must be a whole number (0 or less: all lines)");
        }
        var follow = query.first("follow").orElse("false").strip();
        if (!follow.equals("true") && !follow.equals("false") && !follow.isEmpty()) {
            throw new UnparsableLogRequestException("follow must be true or false");
        }
        Optional<Instant> since;
        try {
            since = query.first("since").filter(s -> !s.isBlank()).map(s -> Instant.parse(s.strip()));
        } catch (DateTimeParseException e) {
            throw new UnparsableLogRequestException("since must be an RFC 3339 time such as 2026-11-23T22:00:00Z");
        }
        return new LogRequest(name.function(), query.first("instance").filter(s -> !s.isBlank()), since, tail,
                follow.equals("true"));
    }
}

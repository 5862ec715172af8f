package dev.skiff.gateway.api;

import dev.skiff.gateway.async.CallStatuses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The state of a queued call, under {@code /async-status}, behind the same basic auth as {@code /system}:
 *
 * <pre>
 * curl -u admin:$PW 127.0.0.1:8080/async-status/3f2a...   # {"callId":..,"state":"done","statusCode":200,..}
 * </pre>
 */
public final class AsyncStatusService implements HttpService {
    private final CallStatuses statuses;

    public AsyncStatusService(CallStatuses statuses) {
        this.statuses = statuses;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}", this::status);
    }

    private void status(ServerRequest request, ServerResponse response) {
        var id = request.path().pathParameters().get("id");
        var status = statuses.get(id);
        if (status.isEmpty()) {
            response.status(Status.NOT_FOUND_404).send("no status for call " + id
                    + ": unknown, or older than the status window (async_status_window)");
            return;
        }
        AsyncRoutes.json(response, status.get());
    }
}

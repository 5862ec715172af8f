package dev.skiff.gateway.api;

import dev.skiff.gateway.async.AsyncCalls;
import dev.skiff.gateway.async.AsyncPublisher;
import dev.skiff.gateway.async.CallStatuses;
import dev.skiff.gateway.async.DeadLetterNotFoundException;
import dev.skiff.gateway.async.DeadLetters;
import dev.skiff.gateway.async.InvalidCallException;
import dev.skiff.gateway.async.CallTooLargeException;
import dev.skiff.gateway.async.QueueUnavailableException;
import dev.skiff.gateway.provider.DeploymentValidator;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Json;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.HttpRouting;
import java.util.logging.Logger;

/**
 * The asynchronous routes and their errors: {@code /async-function}, {@code /async-status} and
 * {@code /system/dead-letters}. Present only when async is on ({@code faas_nats_address} set).
 */
public final class AsyncRoutes {
    private static final Logger LOG = Logger.getLogger(AsyncRoutes.class.getName());

    private AsyncRoutes() {
    }

    public static void register(HttpRouting.Builder routing, AsyncPublisher publisher, CallStatuses statuses,
                                DeadLetters deadLetters, String namespace) {
        routing.register("/async-function", new AsyncService(new AsyncCalls(publisher), new DeploymentValidator(namespace)))
                .register("/async-status", new AsyncStatusService(statuses))
                .register("/system/dead-letters", new DeadLetterService(deadLetters))
                .error(QueueUnavailableException.class, (req, res, e) -> {
                    // Not logged per call: JetStreamQueue logs the outage once, and a burst of calls
                    // during one would flood the log.
                    LOG.fine(e::getMessage);
                    if (!res.isSent()) {
                        res.status(Status.SERVICE_UNAVAILABLE_503).send(e.getMessage());
                    }
                })
                .error(InvalidCallException.class, (req, res, e) -> {
                    if (!res.isSent()) {
                        res.status(Status.BAD_REQUEST_400).send(e.getMessage());
                    }
                })
                .error(CallTooLargeException.class, (req, res, e) -> {
                    if (!res.isSent()) {
                        res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).send(e.getMessage());
                    }
                })
                .error(DeadLetterNotFoundException.class, (req, res, e) -> {
                    if (!res.isSent()) {
                        res.status(Status.NOT_FOUND_404).send(e.getMessage());
                    }
                });
    }

    static void json(ServerResponse response, Object body) {
        try {
            response.header(HeaderValues.CONTENT_TYPE_JSON).send(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}

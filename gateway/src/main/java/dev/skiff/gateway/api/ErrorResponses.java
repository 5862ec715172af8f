package dev.skiff.gateway.api;

import dev.skiff.gateway.provider.FunctionNotFoundException;
import dev.skiff.gateway.provider.InvalidDeploymentException;
import dev.skiff.gateway.provider.ProviderException;
import dev.skiff.gateway.provider.InvalidSecretException;
import dev.skiff.gateway.provider.SecretConflictException;
import dev.skiff.gateway.provider.SecretNotFoundException;
import dev.skiff.gateway.proxy.NoReplicaException;
import dev.skiff.gateway.proxy.UpstreamTimeoutException;
import dev.skiff.gateway.proxy.WakeTimeoutException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where the core's exceptions become HTTP statuses, with plain-text messages faas-cli prints. */
public final class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());
    private static final io.helidon.http.HeaderName INTERNAL = HeaderNames.create("X-OpenFaaS-Internal");

    private ErrorResponses() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(BadRequestException.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(InvalidDeploymentException.class,
                        (req, res, e) -> send(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(FunctionNotFoundException.class, (req, res, e) -> notFound(req.path().path(), res, e))
                .error(InvalidSecretException.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(SecretNotFoundException.class, (req, res, e) -> send(res, Status.NOT_FOUND_404, e.getMessage()))
                .error(SecretConflictException.class, (req, res, e) -> send(res, Status.CONFLICT_409, e.getMessage()))
                .error(PayloadTooLargeException.class,
                        (req, res, e) -> send(res, Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage()))
                .error(UnparsableLogRequestException.class,
                        (req, res, e) -> send(res, Status.UNPROCESSABLE_CONTENT_422, e.getMessage()))
                .error(WakeTimeoutException.class, (req, res, e) -> {
                    res.header(INTERNAL, "proxy");
                    send(res, Status.SERVICE_UNAVAILABLE_503, e.getMessage());
                })
                .error(NoReplicaException.class, (req, res, e) -> {
                    if (e.unreachable()) {
                        // One line, no stack: a replica killed under load breaks every call it was answering.
                        LOG.warning(e.getMessage() + " (" + req.path().rawPath() + ")"
                                + (e.getCause() == null ? "" : ": " + e.getCause()));
                    }
                    res.header(INTERNAL, "proxy");
                    send(res, e.unreachable() ? Status.INTERNAL_SERVER_ERROR_500 : Status.SERVICE_UNAVAILABLE_503,
                            e.getMessage());
                })
                .error(UpstreamTimeoutException.class, (req, res, e) -> {
                    LOG.warning(e.getMessage());
                    send(res, Status.BAD_GATEWAY_502, "");
                })
                .error(ProviderException.class, (req, res, e) -> {
                    LOG.log(Level.WARNING, e.getMessage(), e.getCause());
                    send(res, Status.INTERNAL_SERVER_ERROR_500, e.getMessage());
                });
    }

    private static void notFound(String path, ServerResponse response, FunctionNotFoundException e) {
        if (path.startsWith("/system/functions")) {
            send(response, Status.NOT_FOUND_404, "No such service found: " + e.name() + ".");
        } else if (path.startsWith("/function/")) {
            send(response, Status.NOT_FOUND_404, "error finding function " + e.name() + ": not found");
        } else {
            send(response, Status.NOT_FOUND_404, "function " + e.name() + " not found");
        }
    }

    private static void send(ServerResponse response, Status status, String message) {
        if (response.isSent()) {
            return;
        }
        response.status(status).send(message);
    }
}

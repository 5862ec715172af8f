package dev.skiff.watchdog.function;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * The answers the watchdog gives itself, with the statuses and {@code X-OpenFaaS-Internal} tags of
 * OpenFaaS (of-watchdog executor/http_runner.go, faas-middleware), so a caller can tell them from an
 * answer the function gave.
 */
public enum WatchdogError {
    /** More calls than {@code max_inflight} at once. */
    OVER_LIMIT(Status.TOO_MANY_REQUESTS_429, "faas-middleware"),
    /** The request body is larger than {@code max_request_bytes}. */
    BODY_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE_413, "of-watchdog"),
    /** The call ran past its exec timeout and the process was killed. */
    EXEC_TIMEOUT(Status.GATEWAY_TIMEOUT_504, "of-watchdog"),
    /** http mode: the function's own server did not answer. */
    UPSTREAM_DOWN(Status.INTERNAL_SERVER_ERROR_500, "of-watchdog");

    public static final HeaderName INTERNAL = HeaderNames.create("X-OpenFaaS-Internal");

    private final Status status;
    private final String source;

    WatchdogError(Status status, String source) {
        this.status = status;
        this.source = source;
    }

    /** Sends this error with a plain-text body (faas-cli prints it as is). */
    public void send(ServerResponse response, String body) {
        response.status(status)
                .header(INTERNAL, source)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        response.send(body.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.skiff.watchdog.function;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.server.Exchanges;

/**
 * The answers the watchdog gives itself, with the statuses and {@code X-OpenFaaS-Internal} tags of
 * OpenFaaS (of-watchdog executor/http_runner.go, faas-middleware), so a caller can tell them from an
 * answer the function gave.
 */
public enum WatchdogError {
    /** More calls than {@code max_inflight} at once. */
    OVER_LIMIT(429, "faas-middleware"),
    /** The request body is larger than {@code max_request_bytes}. */
    BODY_TOO_LARGE(413, "of-watchdog"),
    /** The call ran past its exec timeout and the process was killed. */
    EXEC_TIMEOUT(504, "of-watchdog"),
    /** http mode: the function's own server did not answer. */
    UPSTREAM_DOWN(500, "of-watchdog");

    public static final String INTERNAL = "X-OpenFaaS-Internal";

    private final int status;
    private final String source;

    WatchdogError(int status, String source) {
        this.status = status;
        this.source = source;
    }

    /** Sends this error with a plain-text body (faas-cli prints it as is). */
    public void send(HttpExchange exchange, String body) throws IOException {
        exchange.getResponseHeaders().set(INTERNAL, source);
        Exchanges.sendText(exchange, status, body);
    }
}

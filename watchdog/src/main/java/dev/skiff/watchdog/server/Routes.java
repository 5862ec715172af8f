package dev.skiff.watchdog.server;

import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * A listener's route table: exact paths first, everything else to one fallback. Closes every
 * exchange when its handler returns, and answers 500 for a handler that throws before answering
 * (once it has answered, the connection is closed, cutting the answer short).
 *
 * <p>Once the watchdog is stopping, every answer carries {@code Connection: close}. When the port then
 * closes, the JDK's server drops its idle keep-alive connections at once, and a call a proxy had just
 * written on one would be lost unread; closing each connection after its answer during the shutdown
 * notice leaves none idle by then, and the proxy's next call finds the port closed (refused: safe to
 * send elsewhere).
 */
public final class Routes implements HttpHandler {

    private final Map<String, HttpHandler> exact;
    private final HttpHandler fallback;
    private final ConsoleLog log;
    private final BooleanSupplier stopping;

    public Routes(Map<String, HttpHandler> exact, HttpHandler fallback, ConsoleLog log) {
        this(exact, fallback, log, () -> false);
    }

    /** @param stopping whether shutdown has begun, so that each connection ends with its current exchange */
    public Routes(Map<String, HttpHandler> exact, HttpHandler fallback, ConsoleLog log, BooleanSupplier stopping) {
        this.exact = Map.copyOf(exact);
        this.fallback = fallback;
        this.log = log;
        this.stopping = stopping;
    }

    /** The fallback of a listener with nothing else: 404. */
    public static void notFound(HttpExchange exchange) throws IOException {
        Exchanges.sendText(exchange, 404, Exchanges.reason(404) + "\n");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            if (stopping.getAsBoolean()) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exact.getOrDefault(exchange.getRequestURI().getRawPath(), fallback).handle(exchange);
        } catch (IOException | RuntimeException e) {
            failed(exchange, e);
        }
    }

    private void failed(HttpExchange exchange, Exception e) {
        if (Exchanges.sent(exchange)) {
            return; // the caller went away, or the answer was cut short: nothing left to tell anyone
        }
        log.info(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " failed: " + e);
        try {
            Exchanges.sendText(exchange, 500, Exchanges.reason(500) + "\n");
        } catch (IOException | RuntimeException again) {
            // the connection is gone
        }
    }
}

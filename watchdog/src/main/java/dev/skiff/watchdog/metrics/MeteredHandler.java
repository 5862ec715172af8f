package dev.skiff.watchdog.metrics;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.skiff.watchdog.server.Exchanges;

/**
 * Wraps the function route: counts the call in flight while it runs, then records its status and
 * duration (as of-watchdog's promhttp middleware does around the function handler only).
 */
public final class MeteredHandler implements HttpHandler {

    private final HttpMetrics metrics;
    private final HttpHandler function;

    public MeteredHandler(HttpMetrics metrics, HttpHandler function) {
        this.metrics = metrics;
        this.function = function;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        metrics.started();
        try {
            function.handle(exchange);
        } finally {
            // A call that throws before answering gets a 500 (server.Routes); one that answered keeps its status.
            int code = Exchanges.sent(exchange) ? exchange.getResponseCode() : 500;
            metrics.finished(exchange.getRequestMethod(), code, System.nanoTime() - started);
        }
    }
}

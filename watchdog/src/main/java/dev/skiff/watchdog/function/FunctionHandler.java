package dev.skiff.watchdog.function;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.skiff.watchdog.server.Exchanges;

/**
 * The route for every path but {@code /_/}: holds a {@code max_inflight} slot for the call (else 429,
 * as faas-middleware answers), refuses a body over {@code max_request_bytes} (413), and hands the call
 * to the mode's runner.
 */
public final class FunctionHandler implements HttpHandler {

    private final InflightLimit limit;
    private final BodyLimit bodyLimit;
    private final FunctionRunner runner;

    public FunctionHandler(InflightLimit limit, BodyLimit bodyLimit, FunctionRunner runner) {
        this.limit = limit;
        this.bodyLimit = bodyLimit;
        this.runner = runner;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!limit.tryAcquire()) {
            WatchdogError.OVER_LIMIT.send(exchange,
                    "Concurrent request limit exceeded. Max concurrent requests: " + limit.max() + "\n");
            return;
        }
        try {
            if (bodyLimit.declaredTooLarge(exchange)) {
                refuseBody(exchange);
                return;
            }
            runner.run(exchange);
        } catch (BodyLimit.TooLarge e) {
            if (!Exchanges.sent(exchange)) {
                refuseBody(exchange);
            }
        } catch (IOException e) {
            // An interrupt here means shutdown gave up on this call after write_timeout and is closing its
            // connection: there is nobody left to answer, and the stop is logged where it was decided.
            if (!Thread.currentThread().isInterrupted()) {
                throw e;
            }
        } finally {
            limit.release();
        }
    }

    private void refuseBody(HttpExchange exchange) throws IOException {
        WatchdogError.BODY_TOO_LARGE.send(exchange, "Request body too large: the limit is "
                + bodyLimit.maxBytes() + " bytes (max_request_bytes).\n");
    }
}

package dev.skiff.watchdog.function;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The route for every path but {@code /_/}: holds a {@code max_inflight} slot for the call (else 429,
 * as faas-middleware answers) and hands the call to the mode's runner.
 */
public final class FunctionHandler implements Handler {

    private final InflightLimit limit;
    private final FunctionRunner runner;

    public FunctionHandler(InflightLimit limit, FunctionRunner runner) {
        this.limit = limit;
        this.runner = runner;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) throws Exception {
        if (!limit.tryAcquire()) {
            WatchdogError.OVER_LIMIT.send(response,
                    "Concurrent request limit exceeded. Max concurrent requests: " + limit.max() + "\n");
            return;
        }
        try {
            runner.run(request, response);
        } catch (java.io.IOException e) {
            // An interrupt here means shutdown gave up on this call after write_timeout and is closing its
            // connection: there is nobody left to answer, and the stop is logged where it was decided.
            if (!Thread.currentThread().isInterrupted()) {
                throw e;
            }
        } finally {
            limit.release();
        }
    }
}

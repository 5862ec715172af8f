package dev.skiff.watchdog.metrics;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Wraps the function route: counts the call in flight while it runs, then records its status and
 * duration (as of-watchdog's promhttp middleware does around the function handler only).
 */
public final class MeteredHandler implements Handler {

    private final HttpMetrics metrics;
    private final Handler function;

    public MeteredHandler(HttpMetrics metrics, Handler function) {
        this.metrics = metrics;
        this.function = function;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) throws Exception {
        long started = System.nanoTime();
        metrics.started();
        boolean failed = true;
        try {
            function.handle(request, response);
            failed = false;
        } finally {
            // A call that throws before answering gets Helidon's 500; one that already answered keeps its status.
            int code = failed && !response.isSent() ? 500 : response.status().code();
            metrics.finished(request.prologue().method().text(), code, System.nanoTime() - started);
        }
    }
}

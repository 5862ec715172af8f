package dev.skiff.watchdog.health;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;

import dev.skiff.watchdog.server.Exchanges;

/**
 * The watchdog's own routes.
 * <pre>
 * curl -i localhost:8080/_/health   # 200 OK while accepting and the lock exists, else 503
 * curl -i localhost:8080/_/ready    # 503 unhealthy or upstream not answering, 429 at max_inflight, else 200
 * </pre>
 * Any other method than GET (or HEAD) on these paths answers 405.
 */
public final class HealthService {

    public static final String HEALTH_PATH = "/_/health";
    public static final String READY_PATH = "/_/ready";

    private final LockFile lock;
    private final BooleanSupplier functionReady;
    private final BooleanSupplier atCapacity;
    private volatile boolean accepting = true;

    /**
     * @param lock          the lock file, required for health unless suppressed
     * @param functionReady whether the function can take calls (http mode: its server answers)
     * @param atCapacity    whether every {@code max_inflight} slot is taken
     */
    public HealthService(LockFile lock, BooleanSupplier functionReady, BooleanSupplier atCapacity) {
        this.lock = lock;
        this.functionReady = functionReady;
        this.atCapacity = atCapacity;
    }

    /** Shutdown has begun: remove the lock and report unhealthy from now on. */
    public void stopAccepting() {
        accepting = false;
        lock.remove();
    }

    /** Whether shutdown has begun: calls are still served until the port closes, each on its last exchange. */
    public boolean stopping() {
        return !accepting;
    }

    public boolean healthy() {
        return accepting && lock.present();
    }

    /** {@code GET /_/health}. */
    public void health(HttpExchange exchange) throws IOException {
        if (methodAllowed(exchange)) {
            answer(exchange, healthy() ? 200 : 503);
        }
    }

    /** {@code GET /_/ready}. */
    public void ready(HttpExchange exchange) throws IOException {
        if (!methodAllowed(exchange)) {
            return;
        }
        int status;
        if (!healthy() || !functionReady.getAsBoolean()) {
            status = 503;
        } else if (atCapacity.getAsBoolean()) {
            status = 429;
        } else {
            status = 200;
        }
        answer(exchange, status);
    }

    /** GET and HEAD pass; anything else is answered 405 here. */
    private static boolean methodAllowed(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET");
        answer(exchange, 405);
        return false;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        Exchanges.sendText(exchange, status, Exchanges.reason(status));
    }
}

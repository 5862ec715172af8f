package dev.skiff.watchdog.health;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The watchdog's own routes.
 * <pre>
 * curl -i localhost:8080/_/health   # 200 OK while accepting and the lock exists, else 503
 * curl -i localhost:8080/_/ready    # 503 unhealthy or upstream not answering, 429 at max_inflight, else 200
 * </pre>
 * Any other method on these paths answers 405.
 */
public final class HealthService implements HttpService {

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

    @Override
    public void routing(HttpRules rules) {
        rules.get("/_/health", this::health)
                .get("/_/ready", this::ready)
                .any("/_/health", this::methodNotAllowed)
                .any("/_/ready", this::methodNotAllowed);
    }

    /** Shutdown has begun: remove the lock and report unhealthy from now on. */
    public void stopAccepting() {
        accepting = false;
        lock.remove();
    }

    public boolean healthy() {
        return accepting && lock.present();
    }

    private void health(ServerRequest request, ServerResponse response) {
        answer(response, healthy() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
    }

    private void ready(ServerRequest request, ServerResponse response) {
        Status status;
        if (!healthy() || !functionReady.getAsBoolean()) {
            status = Status.SERVICE_UNAVAILABLE_503;
        } else if (atCapacity.getAsBoolean()) {
            status = Status.TOO_MANY_REQUESTS_429;
        } else {
            status = Status.OK_200;
        }
        answer(response, status);
    }

    private void methodNotAllowed(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.ALLOW, "GET");
        answer(response, Status.METHOD_NOT_ALLOWED_405);
    }

    private static void answer(ServerResponse response, Status status) {
        String body = status == Status.OK_200 ? "OK" : status.reasonPhrase();
        response.status(status)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                .send(body.getBytes(StandardCharsets.UTF_8));
    }
}

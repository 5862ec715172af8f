package dev.skiff.watchdog.function;

import java.time.Duration;
import java.util.Optional;

import dev.skiff.watchdog.config.GoDuration;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The time limit of one call: {@code exec_timeout}, or the caller's {@code X-Timeout} header when
 * that is shorter. Like of-watchdog's getTimeout, the header can only lower the limit, never raise
 * it, and it cannot set one when exec_timeout is off (0).
 */
public final class ExecTimeout {

    public static final HeaderName X_TIMEOUT = HeaderNames.create("X-Timeout");

    private ExecTimeout() {
    }

    /** The limit for this request; {@link Duration#ZERO} means none. */
    public static Duration of(Duration execTimeout, ServerRequest request) {
        return request.headers().first(X_TIMEOUT)
                .map(value -> lower(execTimeout, value))
                .orElse(execTimeout);
    }

    static Duration lower(Duration execTimeout, String header) {
        Optional<Duration> asked = GoDuration.parse(header);
        if (asked.isEmpty() || asked.get().isZero() || execTimeout.isZero()) {
            return execTimeout;
        }
        return asked.get().compareTo(execTimeout) < 0 ? asked.get() : execTimeout;
    }
}

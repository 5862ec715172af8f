package dev.skiff.watchdog.function;

import java.time.Duration;
import java.util.Optional;

import dev.skiff.watchdog.config.GoDuration;
import com.sun.net.httpserver.HttpExchange;

/**
 * The time limit of one call: {@code exec_timeout}, or the caller's {@code X-Timeout} header when
 * that is shorter. Like of-watchdog's getTimeout, the header can only lower the limit, never raise
 * it, and it cannot set one when exec_timeout is off (0).
 */
public final class ExecTimeout {

    public static final String X_TIMEOUT = "X-Timeout";

    private ExecTimeout() {
    }

    /** The limit for this request; {@link Duration#ZERO} means none. */
    public static Duration of(Duration execTimeout, HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(X_TIMEOUT);
        return header == null ? execTimeout : lower(execTimeout, header);
    }

    static Duration lower(Duration execTimeout, String header) {
        Optional<Duration> asked = GoDuration.parse(header);
        if (asked.isEmpty() || asked.get().isZero() || execTimeout.isZero()) {
            return execTimeout;
        }
        return asked.get().compareTo(execTimeout) < 0 ? asked.get() : execTimeout;
    }
}

package dev.skiff.gateway.proxy;

import dev.skiff.gateway.config.Durations;
import dev.skiff.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.Map;

/**
 * How the proxy forwards calls; read from the environment next to {@link GatewayConfig}.
 *
 * @param upstreamTimeout        default longest wait for a replica's answer, and for each further piece of
 *                               it ({@code upstream_timeout}, 60s); a function's {@value #TIMEOUT_ANNOTATION}
 *                               annotation replaces it
 * @param replicaWait            how long a call waits for a replica that is starting ({@code replica_wait}, 3s)
 * @param idleTimeout            an upstream keep-alive connection idle this long is closed, not reused
 *                               ({@code upstream_idle_timeout}, 20s: below the watchdog's 30 s)
 * @param maxIdlePerReplica      idle keep-alive connections kept per replica ({@code max_idle_conns_per_host}, 1024)
 * @param breakerFailureRate     percentage of failed calls, over the last {@code breakerWindow}, that opens a
 *                               function's circuit ({@code circuit_breaker_failure_rate}, 50; 0 turns it off)
 * @param breakerWindow          calls the failure rate is taken over, and the fewest before it may open
 *                               ({@code circuit_breaker_window}, 20)
 * @param breakerOpenFor         how long an open circuit refuses calls before letting a few through
 *                               ({@code circuit_breaker_open_for}, 5s)
 */
public record ProxySettings(
        Duration upstreamTimeout,
        Duration replicaWait,
        Duration idleTimeout,
        int maxIdlePerReplica,
        int breakerFailureRate,
        int breakerWindow,
        Duration breakerOpenFor) {

    /** The annotation that sets a function's own timeout, e.g. {@code com.skiff.timeout: 5m}. */
    public static final String TIMEOUT_ANNOTATION = "com.skiff.timeout";
    public static final String DEFAULT_IDLE_TIMEOUT = "20s";
    public static final int DEFAULT_MAX_IDLE_PER_REPLICA = 1024;
    public static final int DEFAULT_BREAKER_FAILURE_RATE = 50;
    public static final int DEFAULT_BREAKER_WINDOW = 20;
    public static final String DEFAULT_BREAKER_OPEN_FOR = "5s";

    public ProxySettings {
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("upstream_idle_timeout=" + idleTimeout + " must be above 0; keep it "
                    + "below the watchdog's read_timeout (30s)");
        }
        if (breakerFailureRate < 0 || breakerFailureRate > 100) {
            throw new IllegalArgumentException("circuit_breaker_failure_rate=" + breakerFailureRate
                    + " is not a percentage (0-100; 0 turns the circuit breaker off)");
        }
    }

    /** Reads the proxy's variables; the timeouts shared with the rest of the gateway come from {@code config}. */
    public static ProxySettings fromEnv(Map<String, String> env, GatewayConfig config) {
        return new ProxySettings(
                config.upstreamTimeout(),
                config.replicaWait(),
                Durations.parse("upstream_idle_timeout", env.getOrDefault("upstream_idle_timeout", DEFAULT_IDLE_TIMEOUT)),
                positive(env, "max_idle_conns_per_host", DEFAULT_MAX_IDLE_PER_REPLICA),
                number(env, "circuit_breaker_failure_rate", DEFAULT_BREAKER_FAILURE_RATE),
                positive(env, "circuit_breaker_window", DEFAULT_BREAKER_WINDOW),
                Durations.parse("circuit_breaker_open_for",
                        env.getOrDefault("circuit_breaker_open_for", DEFAULT_BREAKER_OPEN_FOR)));
    }

    /** The defaults, with the given upstream timeout and replica wait (tests). */
    public static ProxySettings defaults(Duration upstreamTimeout, Duration replicaWait) {
        return new ProxySettings(upstreamTimeout, replicaWait, Durations.parse("idle", DEFAULT_IDLE_TIMEOUT),
                DEFAULT_MAX_IDLE_PER_REPLICA, DEFAULT_BREAKER_FAILURE_RATE, DEFAULT_BREAKER_WINDOW,
                Durations.parse("open_for", DEFAULT_BREAKER_OPEN_FOR));
    }

    public ProxySettings withIdleTimeout(Duration idle) {
        return new ProxySettings(upstreamTimeout, replicaWait, idle, maxIdlePerReplica, breakerFailureRate,
                breakerWindow, breakerOpenFor);
    }

    public ProxySettings withBreaker(int failureRate, int window, Duration openFor) {
        return new ProxySettings(upstreamTimeout, replicaWait, idleTimeout, maxIdlePerReplica, failureRate, window,
                openFor);
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        int value = number(env, name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + "=" + value + " must be 1 or more");
        }
        return value;
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        var text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + " is not a whole number");
        }
    }
}

package dev.skiff.gateway.proxy;

import dev.skiff.gateway.config.Durations;
import dev.skiff.gateway.provider.Endpoints;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Each function's upstream timeout: its {@value ProxySettings#TIMEOUT_ANNOTATION} annotation (seconds or a
 * Go duration, {@code 90}, {@code 5m}) when it has one, else the gateway's {@code upstream_timeout}. The
 * timeout bounds the wait for the answer to start and every later wait for more of it, so a long event
 * stream lives as long as it keeps writing.
 */
final class FunctionTimeouts {
    private static final Logger LOG = Logger.getLogger(FunctionTimeouts.class.getName());
    private static final int CACHE_LIMIT = 1024;

    private final Endpoints endpoints;
    private final Duration fallback;
    // Parsed annotation values: the same few strings come with every call.
    private final ConcurrentHashMap<String, Duration> parsed = new ConcurrentHashMap<>();

    FunctionTimeouts(Endpoints endpoints, Duration fallback) {
        this.endpoints = endpoints;
        this.fallback = fallback;
    }

    Duration of(String function) {
        var value = endpoints.annotations(function).get(ProxySettings.TIMEOUT_ANNOTATION);
        if (value == null) {
            return fallback;
        }
        var timeout = parsed.get(value);
        if (timeout != null) {
            return timeout;
        }
        try {
            timeout = Durations.parse(ProxySettings.TIMEOUT_ANNOTATION, value);
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException(ProxySettings.TIMEOUT_ANNOTATION + "=" + value + " must be above 0");
            }
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "function " + function + ": " + e.getMessage() + "; using upstream_timeout ("
                    + fallback + ") until the annotation is fixed");
            timeout = fallback;
        }
        if (parsed.size() < CACHE_LIMIT) {
            parsed.put(value, timeout);
        }
        return timeout;
    }
}

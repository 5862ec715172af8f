package dev.skiff.gateway.proxy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One Resilience4j circuit breaker per function, so that a function that keeps failing is answered 503 at
 * once for a while instead of tying up callers and replicas; other functions are not affected. A breaker is
 * made on a function's first call, and only for functions the provider knows, so made-up names create none.
 *
 * <p>What counts as a failure is the proxy's call ({@link Proxy}): no replica reachable, a broken or timed-out
 * exchange, or an answer from the watchdog itself saying the function is down (502, 503, 504, or 500 with
 * {@code X-OpenFaaS-Internal}). A function's own error answers (a plain 500, a 4xx) are answers, not failures.
 */
final class CircuitBreakers {
    private final CircuitBreakerRegistry registry;
    private final boolean enabled;

    CircuitBreakers(ProxySettings settings) {
        this.enabled = settings.breakerFailureRate() > 0;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerWindow())
                .failureRateThreshold(Math.max(1, settings.breakerFailureRate()))
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, settings.breakerWindow())))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    /** The function's breaker; always closed (Resilience4j's disabled state) when breakers are turned off. */
    CircuitBreaker of(String function) {
        var breaker = registry.circuitBreaker(function);
        if (!enabled && breaker.getState() != CircuitBreaker.State.DISABLED) {
            breaker.transitionToDisabledState();
        }
        return breaker;
    }

    /** Forgets a removed function's breaker. */
    void forget(String function) {
        registry.remove(function);
    }
}

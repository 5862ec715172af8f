package dev.skiff.gateway.front;

import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.scaling.LoadTracker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A {@code /function/{name}} call the front forwards: where it may go and what it is counted as. Holds one
 * permission of the function's circuit breaker and one load count until {@link #finished} or
 * {@link #handedOver}.
 *
 * @param replicas      the ready replicas, in the order to try them
 * @param target        path and query as the replica receives them
 * @param forwardedFor  X-Forwarded-For to add (the caller's address), null when the caller sent one
 * @param forwardedHost X-Forwarded-Host to add (the caller's Host), null when the caller sent one
 */
record FunctionCall(String function, String metricsName, List<InetSocketAddress> replicas, String target,
                    Duration timeout, CircuitBreaker breaker, String callId, String startTime,
                    String forwardedFor, String forwardedHost, InvocationMetrics invocations,
                    LoadTracker.Call load) {
}

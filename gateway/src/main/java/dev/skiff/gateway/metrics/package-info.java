/**
 * The gateway's Prometheus metrics, with OpenFaaS's names and labels: {@link InvocationMetrics} counts and
 * times every {@code /function/} call (and is where {@code invocationCount} in the functions API comes
 * from), {@link ServiceCounts} publishes each function's desired replicas. Both write to one
 * {@code PrometheusMeterRegistry} that {@code Main} creates and the metrics port scrapes.
 */
package dev.skiff.gateway.metrics;

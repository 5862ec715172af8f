/** The worker's Prometheus series and its {@code /metrics} and {@code /healthz} routes. */
package dev.skiff.queueworker.metrics;

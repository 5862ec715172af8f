/**
 * The HTTP API: one service per route family ({@link dev.skiff.gateway.api.FunctionsService},
 * {@link dev.skiff.gateway.api.InvokeService}, {@link dev.skiff.gateway.api.SystemService}, and {@link dev.skiff.gateway.api.MetricsService} on the metrics
 * port) and the one place
 * where exceptions become statuses ({@link dev.skiff.gateway.api.ErrorResponses}).
 */
package dev.skiff.gateway.api;

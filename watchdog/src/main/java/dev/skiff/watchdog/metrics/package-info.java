/**
 * The Prometheus metrics of of-watchdog, served on their own port (8081): calls counted by status
 * code and method, their durations as a histogram, and the calls in flight. Only function calls are
 * measured, not the watchdog's own {@code /_/} routes.
 */
package dev.skiff.watchdog.metrics;

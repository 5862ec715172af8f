/**
 * The seam between HTTP and the function: {@link dev.skiff.watchdog.function.FunctionRunner}, which
 * every mode implements, and what applies to every mode around it: the {@code max_inflight} limit,
 * the per-call exec timeout with its {@code X-Timeout} override, and the watchdog's own error
 * answers (tagged {@code X-OpenFaaS-Internal} so callers can tell them from the function's).
 */
package dev.skiff.watchdog.function;

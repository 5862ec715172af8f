/**
 * The watchdog's entry point and lifecycle. {@link dev.skiff.watchdog.Main} wires config, runner,
 * health and server by hand; {@link dev.skiff.watchdog.Watchdog} is the running result, which stops
 * gracefully on SIGTERM (tests call {@code stop()} directly).
 */
package dev.skiff.watchdog;

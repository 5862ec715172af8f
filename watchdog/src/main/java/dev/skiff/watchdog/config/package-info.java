/**
 * Turns the container environment into one immutable {@link dev.skiff.watchdog.config.WatchdogConfig}.
 *
 * <p>Owns the OpenFaaS variable names, their defaults, and the parsing of their values (Go-style
 * durations, booleans, the {@code fprocess} command line). A bad value throws
 * {@link dev.skiff.watchdog.config.ConfigException} naming the variable, so start-up stops with a
 * message instead of running with a silently wrong setting.
 */
package dev.skiff.watchdog.config;

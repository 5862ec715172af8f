package dev.skiff.watchdog.config;

import java.util.Locale;

/** How the watchdog runs the function: the OpenFaaS of-watchdog {@code mode} values. */
public enum Mode {
    /** Fork {@code fprocess} per request; the body streams to its stdin, its stdout streams back. */
    STREAMING,
    /** Fork per request, buffered: whole body in, whole output out, 500 on a non-zero exit. */
    SERIALIZING,
    /** Start {@code fprocess} once as an HTTP server and reverse-proxy every request to it. */
    HTTP,
    /** Serve the files of {@code static_path}; no {@code fprocess}. */
    STATIC,
    /** Load a Java {@code dev.skiff.function.Handler} into the watchdog's own JVM and call it per request. */
    INPROC;

    /** The lower-case name used in the {@code mode} variable. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the modes that run {@code fprocess}: the fork modes and http mode's upstream. */
    public boolean forks() {
        return this == STREAMING || this == SERIALIZING || this == HTTP;
    }

    static Mode parse(String variable, String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (Mode mode : values()) {
            if (mode.text().equals(wanted)) {
                return mode;
            }
        }
        throw new ConfigException(variable, "unknown mode \"" + value
                + "\"; use streaming (the default), serializing, http, static or inproc");
    }
}

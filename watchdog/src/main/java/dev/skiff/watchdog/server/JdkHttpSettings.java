package dev.skiff.watchdog.server;

import java.time.Duration;

/**
 * The settings of the JDK's HTTP server that are system properties, read once per JVM when its
 * classes load: set by {@code Main.main} before it starts (a value given with {@code -D} in JAVA_OPTS
 * wins). The test JVM gets the same values from the pom.
 */
public final class JdkHttpSettings {

    private JdkHttpSettings() {
    }

    /** @param readTimeout {@code read_timeout}: how long an idle keep-alive connection stays open */
    public static void apply(Duration readTimeout) {
        // Answers often end with a small last chunk: without TCP_NODELAY, Nagle's algorithm holds it
        // for the caller's delayed ACK (~40 ms a call).
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.idleInterval", Long.toString(wholeSeconds(readTimeout)));
    }

    private static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}

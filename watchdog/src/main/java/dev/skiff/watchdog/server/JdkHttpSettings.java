package dev.skiff.watchdog.server;

import java.time.Duration;

/**
 * The settings of the JDK's HTTP server and client that are system properties, read once per JVM
 * when the classes load: set by {@code Main.main} before either starts (a value given with
 * {@code -D} in JAVA_OPTS wins). The test JVM gets the same values from the pom.
 */
public final class JdkHttpSettings {

    /**
     * The upstream client keeps an idle connection this long (seconds): below the shortest keep-alive
     * timeout of common function servers (Node: 5 s), so the upstream rarely closes one just as a
     * call picks it up.
     */
    static final String UPSTREAM_KEEP_ALIVE_SECONDS = "4";

    private JdkHttpSettings() {
    }

    /** @param readTimeout {@code read_timeout}: how long an idle keep-alive connection stays open */
    public static void apply(Duration readTimeout) {
        // Answers often end with a small last chunk: without TCP_NODELAY, Nagle's algorithm holds it
        // for the caller's delayed ACK (~40 ms a call).
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.idleInterval", Long.toString(wholeSeconds(readTimeout)));
        setIfAbsent("jdk.httpclient.keepalive.timeout", UPSTREAM_KEEP_ALIVE_SECONDS);
        // A call whose pooled connection turns out closed before any answer is sent once more on a new
        // one; by default the client does that for GET and HEAD only. Bodies that cannot be sent twice
        // refuse the second send (upstream.HttpProxy), so this never replays half a body.
        setIfAbsent("jdk.httpclient.enableAllMethodRetry", "true");
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

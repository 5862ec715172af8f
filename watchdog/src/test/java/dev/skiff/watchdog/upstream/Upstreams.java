package dev.skiff.watchdog.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fprocess command lines that start the test upstreams as real JVM processes. */
final class Upstreams {

    private Upstreams() {
    }

    /** {@code java ... <main> <args>}, with this build's test classes on the class path. */
    static String fprocess(Class<?> main, Object... args) {
        StringBuilder command = new StringBuilder()
                .append(Path.of(System.getProperty("java.home"), "bin", "java"))
                .append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp ")
                .append(testClasses())
                .append(' ').append(main.getName());
        for (Object arg : args) {
            command.append(' ').append(arg);
        }
        return command.toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path testClasses() {
        try {
            return Path.of(Upstreams.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

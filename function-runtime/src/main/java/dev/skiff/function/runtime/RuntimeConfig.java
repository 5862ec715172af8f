package dev.skiff.function.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * The entry point's settings, from the environment.
 *
 * @param handlerClass the handler's class name ({@code handler_class}); empty: the one named in the jar's
 *                     {@code META-INF/services/dev.skiff.function.Handler}
 * @param port         where {@link HttpMain} listens ({@code function_port}, default {@value #DEFAULT_PORT};
 *                     not {@code port}, which the watchdog that starts us uses for itself)
 */
public record RuntimeConfig(Optional<String> handlerClass, int port) {
    /** The port the templates' {@code upstream_url} points at. */
    public static final int DEFAULT_PORT = 3000;

    /** Reads {@code handler_class} and {@code function_port}; a bad port stops start-up naming the variable. */
    public static RuntimeConfig fromEnv(Map<String, String> env) {
        var handler = Optional.ofNullable(env.get("handler_class")).map(String::strip).filter(s -> !s.isEmpty());
        var portText = env.getOrDefault("function_port", "").strip();
        int port = DEFAULT_PORT;
        if (!portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("function_port: \"" + portText + "\" is not a port (0-65535)");
            }
        }
        return new RuntimeConfig(handler, port);
    }
}

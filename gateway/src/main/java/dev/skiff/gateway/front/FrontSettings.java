package dev.skiff.gateway.front;

import java.util.Map;

/**
 * How the gateway's port is served, from the environment.
 *
 * @param enabled      {@code front}: {@code netty} (default) puts the event-loop front on the gateway's port,
 *                     {@code off} serves everything from the Helidon server there, as before the front
 * @param internalPort {@code internal_port} (8079): where the Helidon server listens on 127.0.0.1 behind the front
 * @param threads      {@code front_threads} (0: one per core): the front's event loops
 */
public record FrontSettings(boolean enabled, int internalPort, int threads) {
    public static final int DEFAULT_INTERNAL_PORT = 8079;

    public static FrontSettings fromEnv(Map<String, String> env) {
        var mode = env.getOrDefault("front", "netty").strip();
        if (!mode.equals("netty") && !mode.equals("off")) {
            throw new IllegalArgumentException("front=" + mode + " is neither netty nor off");
        }
        return new FrontSettings(mode.equals("netty"),
                number("internal_port", env.getOrDefault("internal_port", String.valueOf(DEFAULT_INTERNAL_PORT)), 0, 65535),
                number("front_threads", env.getOrDefault("front_threads", "0"), 0, 256));
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a number from " + min + " to " + max);
    }
}

package dev.skiff.gateway.provider.swarm;

/**
 * What the swarm provider needs to know of the platform it serves.
 *
 * @param functionsNetwork overlay network every function attaches to; replicas are reached on it
 * @param namespace        the namespace reported for every function
 */
public record SwarmSettings(String functionsNetwork, String namespace) {
    /** The port the watchdog listens on in every function container. */
    public static final int WATCHDOG_PORT = 8080;
}

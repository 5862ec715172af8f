package dev.skiff.gateway.provider.swarm;

import java.time.Duration;

/**
 * What the swarm provider needs to know of the platform it serves.
 *
 * @param functionsNetwork overlay network every function attaches to; replicas are reached on it
 * @param namespace        the namespace reported for every function
 * @param healthInterval   how often swarm checks each replica's {@code /_/health}: a new replica serves
 *                         calls after its first passing check, so this is also the least time from deploy
 *                         to first call
 */
public record SwarmSettings(String functionsNetwork, String namespace, Duration healthInterval) {
    /** The port the watchdog listens on in every function container. */
    public static final int WATCHDOG_PORT = 8080;
}

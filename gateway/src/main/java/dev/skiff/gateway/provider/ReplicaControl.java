package dev.skiff.gateway.provider;

import java.util.List;

/**
 * What the autoscaler needs of a provider beyond {@link FunctionProvider}: pausing a function's last
 * replica where it runs (warm zero) and reading its replicas' CPU. A provider that cannot do this simply
 * has no ReplicaControl, and functions then only go to cold zero.
 */
public interface ReplicaControl {

    /**
     * Pauses the function's one running replica (the caller has scaled it to one) and returns it;
     * {@link ProviderException} if it has not exactly one, or its node cannot be reached.
     */
    FrozenReplica freeze(String function);

    /** Unpauses a replica {@link #freeze} returned; it answers at once, being already started. */
    void thaw(FrozenReplica replica);

    /** Paused function replicas found on the nodes, so that a restarted gateway knows them again. */
    List<FrozenReplica> findFrozen();

    /** CPU used by the function's running replicas since the previous call, in millicores (0 the first time). */
    double cpuMillicores(String function);

    /**
     * The functions of this platform, when several share one cluster (on swarm: those attached to this
     * gateway's functions network). The autoscaler scales only these: another platform's functions are
     * its own gateway's to scale.
     */
    java.util.Set<String> ownFunctions();

    /**
     * Tells the listener as soon as a function's container starts, with its address on the functions
     * network: before swarm reports the task running (which waits for the first health check), so that a
     * wake-up can probe the replica at once. Providers that cannot see starts early call it never.
     */
    default void watchStarts(StartListener listener) {
    }

    /** A function replica's container has started at this address. */
    @FunctionalInterface
    interface StartListener {
        void started(String function, java.net.InetSocketAddress address);
    }

    /**
     * One paused replica.
     *
     * @param function    function name
     * @param containerId the container on its node
     * @param nodeId      the swarm node it runs on
     */
    record FrozenReplica(String function, String containerId, String nodeId) {
    }
}

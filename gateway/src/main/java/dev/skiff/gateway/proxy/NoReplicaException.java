package dev.skiff.gateway.proxy;

/** The function exists but no replica could take the call. */
public class NoReplicaException extends RuntimeException {
    private final boolean unreachable;

    private NoReplicaException(String message, boolean unreachable) {
        super(message);
        this.unreachable = unreachable;
    }

    /** No replica is running. */
    public static NoReplicaException none(String function) {
        return new NoReplicaException("No endpoints available for: " + function + ".", false);
    }

    /** Replicas are running but none accepted a connection. */
    public static NoReplicaException unreachable(String function) {
        return new NoReplicaException("Can't reach service for: " + function + ".", true);
    }

    public boolean unreachable() {
        return unreachable;
    }
}

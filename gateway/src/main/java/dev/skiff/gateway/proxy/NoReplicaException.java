package dev.skiff.gateway.proxy;

/** The function exists but no replica could take the call. */
public class NoReplicaException extends RuntimeException {
    private final boolean unreachable;

    private NoReplicaException(String message, boolean unreachable) {
        this(message, unreachable, null);
    }

    private NoReplicaException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** The exchange with a replica broke before it answered (500, as OpenFaaS answers an unreachable one). */
    public static NoReplicaException broken(String function, Throwable cause) {
        return new NoReplicaException("Can't reach service for: " + function + ".", true, cause);
    }

    /** No replica is running. */
    public static NoReplicaException none(String function) {
        return new NoReplicaException("No endpoints available for: " + function + ".", false);
    }

    /** The function's recent calls failed so often that its circuit breaker refuses calls for a while (503). */
    public static NoReplicaException circuitOpen(String function, java.time.Duration openFor) {
        return new NoReplicaException("Function " + function + " is failing: most of its recent calls found no "
                + "working replica or failed upstream, so calls to it are refused for " + openFor.toSeconds()
                + " s before a few are let through again (circuit breaker open). Check its replicas and logs.", false);
    }

    /** Replicas are running but none accepted a connection. */
    public static NoReplicaException unreachable(String function) {
        return new NoReplicaException("Can't reach service for: " + function + ".", true);
    }

    public boolean unreachable() {
        return unreachable;
    }
}

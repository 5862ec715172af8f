package dev.skiff.gateway.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replicas that refused a connection a moment ago: the proxy tries them last until the provider's view
 * catches up (it is told at once, and refreshes). Entries expire by themselves.
 */
final class Refusals {
    private static final int PRUNE_ABOVE = 256;
    private final long pauseNanos;
    private final ConcurrentHashMap<InetSocketAddress, Long> until = new ConcurrentHashMap<>();

    Refusals(Duration pause) {
        this.pauseNanos = pause.toNanos();
    }

    void add(InetSocketAddress replica) {
        long now = System.nanoTime();
        if (until.size() > PRUNE_ABOVE) {
            until.values().removeIf(end -> end - now < 0);
        }
        until.put(replica, now + pauseNanos);
    }

    boolean recent(InetSocketAddress replica) {
        if (until.isEmpty()) {
            return false;
        }
        var end = until.get(replica);
        if (end == null) {
            return false;
        }
        if (end - System.nanoTime() < 0) {
            until.remove(replica, end);
            return false;
        }
        return true;
    }
}

package dev.skiff.gateway.proxy;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keep-alive connections to replicas, with an idle expiry shorter than the watchdog's.
 *
 * <p>Helidon's own connection cache keeps idle connections forever and hands out the oldest first, so after
 * a quiet spell it reuses a connection the watchdog closed at its 30 s idle timeout, and the call fails with
 * "did not contain correct status line" (DESIGN.md). Here a connection idle for {@code maxIdle} is closed
 * instead of reused, and the most recently released one is taken first, so that surplus connections left
 * from a burst go idle and expire. The HTTP exchange itself is Helidon's: this class only decides which
 * Helidon connection a request runs on.
 */
final class UpstreamPool implements AutoCloseable {
    private static final List<String> HTTP1 = List.of("http/1.1");
    // Replicas speak plain HTTP on the functions network; the client's default TLS settings would handshake.
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();

    private final WebClient client;
    private final long maxIdleNanos;
    private final int maxIdlePerReplica;
    private final ConcurrentHashMap<InetSocketAddress, Replica> replicas = new ConcurrentHashMap<>();
    private final Thread sweeper;

    /**
     * A connection taken from the pool; {@code reused} when it had carried a call before, {@code idleNanos}
     * how long it had been idle then (0 for a new one).
     */
    record Lease(TcpClientConnection connection, boolean reused, long idleNanos) {
    }

    private record Idle(TcpClientConnection connection, long since) {
    }

    /** The idle connections of one replica, most recently released first. */
    private final class Replica {
        final ConnectionKey key;
        final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger idleCount = new AtomicInteger();
        volatile long lastUsed = System.nanoTime();
        volatile boolean retired;

        Replica(InetSocketAddress address) {
            var config = client.prototype();
            key = ConnectionKey.create("http", address.getAddress().getHostAddress(), address.getPort(),
                    NO_TLS, config.dnsResolver(), config.dnsAddressLookup(),
                    io.helidon.webclient.api.Proxy.noProxy());
        }

        /** Called by Helidon when a call is done with the connection: true keeps it open for the next one. */
        Boolean release(TcpClientConnection connection) {
            if (retired || idleCount.incrementAndGet() > maxIdlePerReplica) {
                if (!retired) {
                    idleCount.decrementAndGet();
                }
                return false;
            }
            idle.addFirst(new Idle(connection, System.nanoTime()));
            return true;
        }

        Idle poll() {
            var entry = idle.pollFirst();
            if (entry != null) {
                idleCount.decrementAndGet();
            }
            return entry;
        }
    }

    /**
     * @param client            supplies the socket options (connect timeout) of new connections
     * @param maxIdle           an idle connection older than this is closed, not reused
     * @param maxIdlePerReplica idle connections kept per replica; more are closed when released
     */
    UpstreamPool(WebClient client, Duration maxIdle, int maxIdlePerReplica) {
        this.client = client;
        this.maxIdleNanos = maxIdle.toNanos();
        this.maxIdlePerReplica = maxIdlePerReplica;
        this.sweeper = Thread.ofVirtual().name("upstream-pool-sweeper").start(this::sweep);
    }

    /**
     * A live pooled connection to the replica released within {@code freshWithin} (and never one idle longer
     * than the pool's limit), else a new one. Throws {@link java.io.UncheckedIOException} when a new one
     * cannot connect: then nothing was sent.
     */
    Lease acquire(InetSocketAddress address, Duration freshWithin) {
        var replica = replica(address);
        replica.lastUsed = System.nanoTime();
        long limit = Math.min(maxIdleNanos, freshWithin.toNanos());
        Idle entry;
        while ((entry = replica.poll()) != null) {
            long idle = System.nanoTime() - entry.since();
            if (idle < limit && entry.connection().isConnected()) {
                return new Lease(entry.connection(), true, idle);
            }
            entry.connection().closeResource();
        }
        return new Lease(connect(replica), false, 0);
    }

    /** A new connection to the replica, bypassing idle ones (the retry after a stale one failed). */
    Lease connectFresh(InetSocketAddress address) {
        return new Lease(connect(replica(address)), false, 0);
    }

    /** Closes the idle connections of a replica that went away. */
    void evict(InetSocketAddress address) {
        var replica = replicas.remove(address);
        if (replica != null) {
            retire(replica);
        }
    }

    private Replica replica(InetSocketAddress address) {
        var replica = replicas.get(address);
        return replica != null ? replica : replicas.computeIfAbsent(address, Replica::new);
    }

    private TcpClientConnection connect(Replica replica) {
        return TcpClientConnection.create(client, replica.key, HTTP1, replica::release, connection -> {
        }).connect();
    }

    /** Closes expired idle connections, and forgets replicas unused for a while, every half idle limit. */
    private void sweep() {
        long pause = Math.max(1, maxIdleNanos / 2_000_000);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (var entry : replicas.entrySet()) {
                var replica = entry.getValue();
                // Oldest at the tail: close from there until a young one.
                Idle oldest;
                while ((oldest = replica.idle.peekLast()) != null && now - oldest.since() >= maxIdleNanos) {
                    if (replica.idle.removeLastOccurrence(oldest)) {
                        replica.idleCount.decrementAndGet();
                        oldest.connection().closeResource();
                    }
                }
                if (replica.idle.isEmpty() && now - replica.lastUsed > 4 * maxIdleNanos
                        && replicas.remove(entry.getKey(), replica)) {
                    retire(replica);
                }
            }
        }
    }

    private static void retire(Replica replica) {
        replica.retired = true;
        Idle entry;
        while ((entry = replica.poll()) != null) {
            entry.connection().closeResource();
        }
    }

    /** Idle connections held, over all replicas (for tests). */
    int idleConnections() {
        return replicas.values().stream().mapToInt(r -> r.idle.size()).sum();
    }

    @Override
    public void close() {
        sweeper.interrupt();
        replicas.values().forEach(UpstreamPool::retire);
        replicas.clear();
    }
}

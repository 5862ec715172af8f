package dev.skiff.watchdog.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;

/**
 * Keep-alive connections to the upstream, most recently used first, none kept idle longer than
 * {@code maxIdle} ({@link #MAX_IDLE} in production).
 *
 * <p>Why not WebClient's own cache: it keeps idle connections forever, and when the upstream closes
 * one (Node's default keep-alive is 5 s, com.sun.net.httpserver's 30 s) just as a call picks it up,
 * the call fails ("did not contain correct status line", about 3 in 100k calls after idle gaps).
 * Dropping them first makes that rare; {@link HttpProxy} retries the rest once.
 */
final class UpstreamConnections {

    /** Below the shortest keep-alive timeout of common function servers (Node: 5 s). */
    static final Duration MAX_IDLE = Duration.ofSeconds(4);
    private static final int MAX_POOLED = 256;
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();

    private final WebClient client;
    private final ConnectionKey key;
    private final long maxIdleNanos;
    private final LinkedBlockingDeque<Idle> idle = new LinkedBlockingDeque<>(MAX_POOLED);

    /** A pooled connection and when it went back to the pool. */
    private record Idle(TcpClientConnection connection, long sinceNanos) {
    }

    /** A connection for one call; {@code reused} tells a pooled one from one just opened. */
    record Lease(TcpClientConnection connection, boolean reused) {
    }

    UpstreamConnections(WebClient client, URI upstream, Duration maxIdle) {
        this.client = client;
        this.maxIdleNanos = maxIdle.toNanos();
        int port = upstream.getPort() == -1 ? 80 : upstream.getPort();
        this.key = ConnectionKey.create("http", upstream.getHost(), port, NO_TLS,
                client.prototype().dnsResolver(), client.prototype().dnsAddressLookup(),
                client.prototype().proxy());
    }

    /** The most recently used live connection, or a new one. */
    Lease acquire() {
        long now = System.nanoTime();
        dropExpiredTail(now);
        Idle candidate;
        while ((candidate = idle.pollFirst()) != null) {
            if (!expired(candidate, now) && candidate.connection().isConnected()) {
                return new Lease(candidate.connection(), true);
            }
            candidate.connection().closeResource();
        }
        return new Lease(open(), false);
    }

    /** A new connection, never a pooled one: for the retry after a stale connection failed. */
    TcpClientConnection open() {
        return TcpClientConnection.create(client, key, List.of(), this::release, connection -> { })
                .connect();
    }

    /**
     * Called by WebClient when a response is done and the connection may be reused; false makes it
     * close the connection instead.
     */
    private boolean release(TcpClientConnection connection) {
        if (!connection.isConnected()) {
            return false;
        }
        // Watch the idle socket so a close by the upstream shows up as !isConnected().
        connection.helidonSocket().idle();
        return idle.offerFirst(new Idle(connection, System.nanoTime()));
    }

    /** The oldest connections sit at the tail; close those past MAX_IDLE so they do not linger. */
    private void dropExpiredTail(long now) {
        Idle oldest;
        while ((oldest = idle.peekLast()) != null && expired(oldest, now)) {
            if (idle.removeLastOccurrence(oldest)) {
                oldest.connection().closeResource();
            }
        }
    }

    private boolean expired(Idle entry, long now) {
        return now - entry.sinceNanos() > maxIdleNanos;
    }

    /** Closes every idle connection (at shutdown). */
    void closeAll() {
        Idle next;
        while ((next = idle.pollFirst()) != null) {
            next.connection().closeResource();
        }
    }
}

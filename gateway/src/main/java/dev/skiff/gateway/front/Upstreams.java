package dev.skiff.gateway.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Connections to replicas (and to the internal Helidon server), kept alive between calls. Each event loop has
 * its own pool, touched only by that loop: no locks, and a call's upstream connection lives on the caller's
 * thread. A connection idle for the pool's limit is closed, not reused, so that none is reused after the
 * watchdog closed it at its 30 s idle timeout; the most recently released one is taken first, so that
 * surplus connections left from a burst go idle and expire. A pooled connection the replica closes is dropped
 * at once (its close is seen by the loop).
 */
final class Upstreams {
    private final Bootstrap bootstrap;
    private final long maxIdleNanos;
    private final int maxIdlePerReplica;
    private final FastThreadLocal<LoopPool> pools = new FastThreadLocal<>();

    /** A pooled connection handed out: {@code idleNanos} is how long it had been idle. */
    record Lease(Channel channel, long idleNanos) {
    }

    private record Idle(Channel channel, long since) {
    }

    Upstreams(Bootstrap bootstrap, Duration maxIdle, int maxIdlePerReplica) {
        this.bootstrap = bootstrap;
        this.maxIdleNanos = maxIdle.toNanos();
        this.maxIdlePerReplica = maxIdlePerReplica;
    }

    /**
     * An open pooled connection to the address released within {@code freshWithinNanos} (and never one idle
     * longer than the pool's limit), or null. Call on {@code loop}.
     */
    Lease pooled(EventLoop loop, InetSocketAddress address, long freshWithinNanos) {
        var idle = pool(loop).idle.get(address);
        if (idle == null) {
            return null;
        }
        long limit = Math.min(maxIdleNanos, freshWithinNanos);
        Idle entry;
        while ((entry = idle.pollFirst()) != null) {
            long idleFor = System.nanoTime() - entry.since();
            if (idleFor < limit && entry.channel().isActive()) {
                return new Lease(entry.channel(), idleFor);
            }
            entry.channel().close();
        }
        return null;
    }

    /** Opens a new connection on {@code loop}; its handler is {@code handler}. */
    ChannelFuture connect(EventLoop loop, InetSocketAddress address, UpstreamHandler handler) {
        return bootstrap.clone(loop)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(
                                new HttpClientCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(FrontServer.MAX_INITIAL_LINE)
                                        .setMaxHeaderSize(FrontServer.MAX_HEADER_SIZE)
                                        // Replicas' headers go back to the caller as they came; our own server
                                        // validated the caller's.
                                        .setValidateHeaders(false), false, false),
                                handler);
                    }
                })
                .connect(address);
    }

    /** Keeps a connection whose call is over for the next call to the same address. Call on its loop. */
    void release(Channel channel, InetSocketAddress address) {
        var idle = pool(channel.eventLoop()).idle.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (idle.size() >= maxIdlePerReplica || !channel.isActive()) {
            channel.close();
            return;
        }
        idle.addFirst(new Idle(channel, System.nanoTime()));
    }

    /** Forgets a pooled connection that closed while idle. Call on its loop. */
    void closedWhileIdle(Channel channel, InetSocketAddress address) {
        var idle = pool(channel.eventLoop()).idle.get(address);
        if (idle != null) {
            idle.removeIf(entry -> entry.channel() == channel);
        }
    }

    /** Closes this loop's idle connections to a replica that refused a new one. Call on the loop. */
    void evict(EventLoop loop, InetSocketAddress address) {
        var idle = pool(loop).idle.remove(address);
        if (idle != null) {
            idle.forEach(entry -> entry.channel().close());
        }
    }

    private LoopPool pool(EventLoop loop) {
        var pool = pools.get();
        if (pool == null) {
            pool = new LoopPool(loop);
            pools.set(pool);
        }
        return pool;
    }

    /** One loop's idle connections by address, most recently released first. */
    private final class LoopPool {
        final HashMap<InetSocketAddress, ArrayDeque<Idle>> idle = new HashMap<>();

        LoopPool(EventLoop loop) {
            long period = Math.max(1_000_000, maxIdleNanos / 2);
            loop.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
        }

        /** Closes expired idle connections (oldest at the tail) and forgets addresses with none left. */
        void sweep() {
            long now = System.nanoTime();
            for (Iterator<ArrayDeque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
                var connections = it.next();
                Idle oldest;
                while ((oldest = connections.peekLast()) != null && now - oldest.since() >= maxIdleNanos) {
                    connections.pollLast().channel().close();
                }
                if (connections.isEmpty()) {
                    it.remove();
                }
            }
        }
    }
}

package dev.skiff.gateway.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket and its event loops (epoll where the native transport loads, else NIO). Each accepted
 * connection gets a {@link CallerHandler}; the connections to replicas are opened on the same loop as the
 * caller's, so a call never changes thread.
 */
public final class FrontServer implements AutoCloseable {
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CHUNK = 32 * 1024;

    private final EventLoopGroup loops;
    private final Channel listener;

    private FrontServer(EventLoopGroup loops, Channel listener) {
        this.loops = loops;
        this.listener = listener;
    }

    /**
     * Binds {@code host:port} and serves.
     *
     * @param threads event loops; 0 for one per core
     */
    public static FrontServer start(String host, int port, int threads, FrontRoutes routes,
                                    Duration connectTimeout) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // Netty's own default is two loops per core; one per core keeps every loop busy and wakes fewer threads.
        var loops = new MultiThreadIoEventLoopGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                io);
        ChannelFactory<? extends ServerChannel> serverChannels = epoll ? EpollServerSocketChannel::new
                : NioServerSocketChannel::new;
        ChannelFactory<? extends Channel> clientChannels = epoll ? EpollSocketChannel::new : NioSocketChannel::new;
        var upstreams = new Upstreams(new Bootstrap()
                .channelFactory(clientChannels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis()),
                routes.idleTimeout(), routes.maxIdlePerReplica());
        var bootstrap = new ServerBootstrap()
                .group(loops)
                .channelFactory(serverChannels)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK),
                                // Answers "Expect: 100-continue" at once; the header is not passed on.
                                new HttpServerExpectContinueHandler(),
                                new CallerHandler(routes, upstreams));
                    }
                });
        try {
            var listener = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
            return new FrontServer(loops, listener);
        } catch (InterruptedException | RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** The bound port (the one asked for, or the one chosen for port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Whether the native epoll transport is in use (else NIO). */
    public static boolean nativeTransport() {
        return Epoll.isAvailable();
    }

    /** Stops accepting, lets calls in flight finish for up to {@code grace}, then closes every connection. */
    public void close(Duration grace) {
        listener.close().awaitUninterruptibly();
        loops.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}

package dev.skiff.gateway.front;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The end of an upstream connection's pipeline: hands what the replica sends to the call the connection
 * carries, and notices a pooled connection the replica closed while idle.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private final Upstreams upstreams;
    private final InetSocketAddress address;
    private Exchange exchange;

    UpstreamHandler(Upstreams upstreams, InetSocketAddress address) {
        this.upstreams = upstreams;
        this.address = address;
    }

    void attach(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The call is over: the connection goes back to the pool. */
    void detach() {
        this.exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange == null) {
            // Nothing was asked: a replica that talks out of turn cannot be trusted with the next call.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        exchange.upstreamRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamClosed(null);
        } else {
            upstreams.closedWhileIdle(ctx.channel(), address);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null) {
            exchange.upstreamClosed(cause);
        }
        ctx.close();
    }
}

package dev.skiff.gateway.front;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Date;

/**
 * One caller's connection: its requests are forwarded one at a time, each by an {@link Exchange}. A request
 * sent before the previous one was answered (HTTP pipelining) waits, with reading paused, until then.
 */
final class CallerHandler extends ChannelInboundHandlerAdapter {
    private static final String HEALTHZ = "/healthz";
    private static final byte[] HEALTHY = "OK".getBytes(StandardCharsets.US_ASCII);

    private final FrontRoutes routes;
    private final Upstreams upstreams;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private CallerExchange current;
    private String callerHost;

    CallerHandler(FrontRoutes routes, Upstreams upstreams) {
        this.routes = routes;
        this.upstreams = upstreams;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!waiting.isEmpty() || (current != null && current.requestEnded())) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (current != null) {
            current.callerRead((HttpObject) msg);
            return;
        }
        if (!(msg instanceof HttpRequest request)) {
            // The rest of a request already answered (or of a broken one): nothing wants it.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            badRequest(request.decoderResult().cause());
            return;
        }
        if (healthCheck(request)) {
            ReferenceCountUtil.release(msg);
            healthy(HttpUtil.isKeepAlive(request));
            return;
        }
        var queued = routes.asyncCall(request);
        current = queued != null ? new AsyncExchange(this, ctx, request, queued)
                : new Exchange(this, ctx, request, routes, upstreams);
        current.start();
    }

    /** The caller's address as text (X-Forwarded-For), worked out once per connection rather than per call. */
    String callerHost() {
        if (callerHost == null) {
            var remote = ctx.channel().remoteAddress();
            callerHost = remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress()
                    : String.valueOf(remote);
        }
        return callerHost;
    }

    /** Called by the exchange once its answer is written and its request read. */
    void exchangeDone(CallerExchange exchange, boolean keepAlive, ChannelFuture written) {
        if (exchange != current) {
            return;
        }
        current = null;
        if (!keepAlive) {
            waiting.forEach(ReferenceCountUtil::release);
            waiting.clear();
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        while (!waiting.isEmpty() && (current == null || !current.requestEnded())) {
            dispatch(waiting.poll());
        }
        if (waiting.isEmpty() && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(current == null || current.callerMayRead());
            if (current != null) {
                current.callerReadComplete();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.callerReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.callerWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        if (current != null) {
            current.callerGone();
            current = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection or a broken pipe: the caller is gone (channelInactive follows).
        ctx.close();
    }

    /** {@code GET /healthz} (with any query), which Helidon's route table answers the same way. */
    private static boolean healthCheck(HttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            return false;
        }
        var uri = request.uri();
        return uri.startsWith(HEALTHZ) && (uri.length() == HEALTHZ.length() || uri.charAt(HEALTHZ.length()) == '?');
    }

    /**
     * The gateway's health answer, as Helidon's {@code /healthz} gives it (200, {@code OK}, always: the process
     * answers, so it is up), written by the loop instead of relayed: the cheap reference route of the benches.
     */
    private void healthy(boolean keepAlive) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(HEALTHY));
        response.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date()))
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, HEALTHY.length);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
    }

    private void badRequest(Throwable cause) {
        var body = Unpooled.copiedBuffer("Bad request: " + cause.getMessage(), StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

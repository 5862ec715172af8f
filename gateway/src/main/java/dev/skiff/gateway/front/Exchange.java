package dev.skiff.gateway.front;

import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.proxy.Proxy;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One request forwarded, on its caller's event loop: a connection to the replica (pooled, or opened), the
 * request head and body streamed to it, the answer streamed back as it comes (flushed whenever the replica
 * pauses, so event streams are not held back), with reading paused on whichever side cannot write.
 *
 * <p>As in {@link Proxy}: a replica that refuses the connection is reported and the next one tried; when all
 * refuse, the call goes to the Helidon server, which waits for a replica. A pooled connection that breaks
 * before any answer is replaced once by a fresh one when the call can be replayed (body up to
 * {@value #REPLAY_LIMIT} bytes) and either its method is idempotent or the connection had been idle for
 * {@code STALE_AFTER}. The function's timeout bounds the wait for the answer to start and every later pause.
 * A caller that goes away closes the replica's connection, so the function sees it gone too.
 */
final class Exchange implements CallerExchange {
    private static final Logger LOG = Logger.getLogger(Exchange.class.getName());
    static final int REPLAY_LIMIT = 64 * 1024;
    private static final long STALE_AFTER = TimeUnit.MILLISECONDS.toNanos(500);
    // A streamed upload cannot be replayed, so it only goes on a connection that was just in use.
    private static final long STREAMED_BODY_FRESHNESS = TimeUnit.SECONDS.toNanos(1);
    private static final AsciiString INTERNAL = AsciiString.cached("x-openfaas-internal");
    private static final AsciiString CALL_ID = AsciiString.cached("x-call-id");
    private static final AsciiString START_TIME = AsciiString.cached("x-start-time");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    // RFC 9110 hop-by-hop headers: they describe one connection, not the message (Host is set per hop too).
    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, AsciiString.cached("proxy-connection"), HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
        AsciiString.cached("http2-settings"), HttpHeaderNames.EXPECT};

    private final CallerHandler owner;
    private final ChannelHandlerContext caller;
    private final EventLoop loop;
    private final HttpRequest request;
    private final FrontRoutes routes;
    private final Upstreams upstreams;
    private final boolean idempotent;
    private final boolean largeBody;
    private boolean callerKeepAlive;

    private FunctionCall call;
    private List<InetSocketAddress> addresses;
    private int next;
    private InetSocketAddress address;

    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(2);
    private int pendingBytes;
    private List<HttpContent> replay = new ArrayList<>(2);
    private int replayBytes;
    private boolean replayable = true;
    private boolean requestEnded;

    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private boolean reused;
    private long idleNanos;
    private boolean retried;
    private boolean headSent;
    private long startedNanos;
    private InvocationMetrics.Invocation invocation;

    private boolean responseStarted;
    private boolean skippingInformational;
    private boolean upstreamKeepAlive;
    private int status;
    private boolean fromWatchdog;
    private boolean finished;
    private boolean breakerSettled;

    private ScheduledFuture<?> timer;
    private long timeoutNanos;
    private long lastActivity;

    Exchange(CallerHandler owner, ChannelHandlerContext caller, HttpRequest request, FrontRoutes routes,
             Upstreams upstreams) {
        this.owner = owner;
        this.caller = caller;
        this.loop = caller.channel().eventLoop();
        this.request = request;
        this.routes = routes;
        this.upstreams = upstreams;
        var method = request.method();
        this.idempotent = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.PUT || method == HttpMethod.DELETE;
        this.largeBody = HttpUtil.isTransferEncodingChunked(request)
                || HttpUtil.getContentLength(request, 0L) > REPLAY_LIMIT;
        this.callerKeepAlive = HttpUtil.isKeepAlive(request);
    }

    @Override
    public void start() {
        call = routes.functionCall(request, callerHost());
        addresses = call != null ? call.replicas() : List.of(routes.internal());
        connectNext();
    }

    @Override
    public boolean requestEnded() {
        return requestEnded;
    }

    /** Whether the caller's socket may be read now (the replica takes more of the body). */
    @Override
    public boolean callerMayRead() {
        return requestEnded || (upstream == null ? pendingBytes <= REPLAY_LIMIT : upstream.isWritable());
    }

    // ---- connecting

    private void connectNext() {
        if (next >= addresses.size()) {
            allRefused();
            return;
        }
        address = addresses.get(next++);
        var lease = upstreams.pooled(loop, address, largeBody ? STREAMED_BODY_FRESHNESS : Long.MAX_VALUE);
        if (lease != null) {
            attach(lease.channel(), true, lease.idleNanos());
        } else {
            openNew();
        }
    }

    private void openNew() {
        var target = address;
        upstreams.connect(loop, target, new UpstreamHandler(upstreams, target)).addListener((ChannelFuture f) -> {
            if (finished) {
                f.channel().close();
            } else if (f.isSuccess()) {
                attach(f.channel(), false, 0);
            } else {
                connectFailed(target, f.cause());
            }
        });
    }

    private void connectFailed(InetSocketAddress target, Throwable cause) {
        if (call == null) {
            LOG.warning(() -> "the gateway's internal server at " + target + " is unreachable: " + cause);
            answer(HttpResponseStatus.BAD_GATEWAY, "The gateway's internal server is unreachable: " + cause, false);
            return;
        }
        if (!refused(cause)) {
            LOG.fine(() -> "connecting to " + target + " for " + call.function() + ": " + cause);
        }
        routes.proxy().refused(call.function(), target);
        upstreams.evict(loop, target);
        if (retried) {
            // The fresh connection for a retry: this replica is gone; the call was sent once already.
            broken(cause);
        } else {
            connectNext();
        }
    }

    private static boolean refused(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                || cause instanceof NoRouteToHostException;
    }

    /** Every replica refused: the Helidon server waits for one (up to replica_wait) and answers as it always did. */
    private void allRefused() {
        handOver();
        addresses = List.of(routes.internal());
        next = 0;
        connectNext();
    }

    /** The call leaves the front's books: the Helidon path counts it itself. */
    private void handOver() {
        if (call != null) {
            settleBreaker(Outcome.NOT_COUNTED, null);
            call.load().completed();
            call = null;
        }
    }

    private void attach(Channel channel, boolean reused, long idleNanos) {
        upstream = channel;
        upstreamHandler = channel.pipeline().get(UpstreamHandler.class);
        upstreamHandler.attach(this);
        this.reused = reused;
        this.idleNanos = idleNanos;
        channel.config().setAutoRead(true);
        if (call != null && invocation == null) {
            invocation = call.invocations().started(call.metricsName());
            startedNanos = System.nanoTime();
        }
        channel.write(head(), channel.voidPromise());
        headSent = true;
        var replayed = replay;
        if (retried && !replayed.isEmpty()) {
            // The one retry: what the broken connection had taken goes again, and is not kept any longer.
            replay = new ArrayList<>(0);
            replayable = false;
            replayed.forEach(content -> channel.write(content, channel.voidPromise()));
        }
        HttpContent content;
        while ((content = pending.poll()) != null) {
            send(content);
        }
        pendingBytes = 0;
        channel.flush();
        lastActivity = System.nanoTime();
        if (call != null && timer == null) {
            timeoutNanos = call.timeout().toNanos();
            timer = loop.schedule(this::checkTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        // Reading stays on (so that a caller leaving is seen) unless the replica cannot take more body yet.
        caller.channel().config().setAutoRead(requestEnded || channel.isWritable());
    }

    private HttpRequest head() {
        var in = request.headers();
        var out = new DefaultHttpHeaders(false);
        for (var it = in.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            var name = header.getKey();
            if (!hopByHop(name) && (call == null || !AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST))) {
                out.add(name, header.getValue());
            }
        }
        if (HttpUtil.isTransferEncodingChunked(request)) {
            out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        // TE is hop-by-hop, but "trailers" in it asks for the trailers the proxy passes on.
        if (in.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true)) {
            out.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        String uri;
        if (call != null) {
            uri = call.target();
            out.set(HttpHeaderNames.HOST, address.getAddress().getHostAddress() + ":" + address.getPort());
            out.set(CALL_ID, call.callId());
            out.set(START_TIME, call.startTime());
            if (call.forwardedFor() != null) {
                out.set(Exchange.X_FORWARDED_FOR, call.forwardedFor());
            }
            if (call.forwardedHost() != null) {
                out.set(Exchange.X_FORWARDED_HOST, call.forwardedHost());
            }
        } else {
            uri = request.uri();
            if (!in.contains(Exchange.X_FORWARDED_FOR)) {
                out.set(Exchange.X_FORWARDED_FOR, callerHost());
            }
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), uri, out);
    }

    private static boolean hopByHop(CharSequence name) {
        for (var hop : HOP_BY_HOP) {
            if (hop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private String callerHost() {
        return owner.callerHost();
    }

    // ---- the caller's side

    @Override
    public void callerRead(HttpObject msg) {
        if (!(msg instanceof HttpContent content)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (content instanceof LastHttpContent) {
            requestEnded = true;
        }
        if (finished || responseEnded()) {
            content.release();
            return;
        }
        if (upstream == null) {
            // Until a connection is there, the body waits here, and beyond a little, in the caller's socket.
            pending.add(content);
            pendingBytes += content.content().readableBytes();
            if (pendingBytes > REPLAY_LIMIT) {
                caller.channel().config().setAutoRead(false);
            }
            return;
        }
        send(content);
        lastActivity = System.nanoTime();
        if (requestEnded) {
            upstream.flush();
        } else if (!upstream.isWritable()) {
            caller.channel().config().setAutoRead(false);
        }
    }

    private void send(HttpContent content) {
        if (replayable && !retried) {
            int size = content.content().readableBytes();
            if (replayBytes + size <= REPLAY_LIMIT) {
                replay.add(content.retainedDuplicate());
                replayBytes += size;
            } else {
                dropReplay();
            }
        }
        upstream.write(content, upstream.voidPromise());
    }

    private void dropReplay() {
        replayable = false;
        replay.forEach(ReferenceCountUtil::release);
        replay = new ArrayList<>(0);
    }

    @Override
    public void callerReadComplete() {
        if (upstream != null && !finished) {
            upstream.flush();
        }
    }

    @Override
    public void callerWritabilityChanged() {
        if (upstream != null && responseStarted) {
            upstream.config().setAutoRead(caller.channel().isWritable());
        }
    }

    void upstreamWritabilityChanged() {
        if (!requestEnded && upstream != null) {
            caller.channel().config().setAutoRead(upstream.isWritable());
        }
        lastActivity = System.nanoTime();
    }

    /** The caller closed its connection: the replica's is closed too, and nobody is answered. */
    @Override
    public void callerGone() {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        closeUpstream();
        if (call != null) {
            settleBreaker(Outcome.NOT_COUNTED, null);
            call.load().completed();
        }
        release();
    }

    // ---- the replica's side

    void upstreamRead(Object msg) {
        lastActivity = System.nanoTime();
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                skippingInformational = true;
            } else {
                respond(response);
            }
        }
        if (msg instanceof HttpContent content) {
            if (skippingInformational) {
                if (content instanceof LastHttpContent) {
                    skippingInformational = false;
                }
                content.release();
                return;
            }
            if (content instanceof LastHttpContent) {
                var written = caller.writeAndFlush(content);
                answered(written);
            } else {
                caller.write(content, caller.voidPromise());
                if (!caller.channel().isWritable()) {
                    upstream.config().setAutoRead(false);
                }
            }
        }
    }

    void upstreamReadComplete() {
        if (!finished && responseStarted) {
            caller.flush();
        }
    }

    private void respond(HttpResponse response) {
        responseStarted = true;
        status = response.status().code();
        var in = response.headers();
        fromWatchdog = in.contains(INTERNAL);
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        var out = new DefaultHttpHeaders(false);
        if (call != null) {
            if (!in.contains(CALL_ID)) {
                out.set(CALL_ID, call.callId());
            }
            if (!in.contains(START_TIME)) {
                out.set(START_TIME, call.startTime());
            }
        }
        for (var it = in.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            if (!hopByHop(header.getKey())) {
                out.add(header.getKey(), header.getValue());
            }
        }
        if (call != null && !in.contains(HttpHeaderNames.CONTENT_TYPE)) {
            var type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            out.set(HttpHeaderNames.CONTENT_TYPE, type != null ? type : "text/plain");
        }
        var trailer = in.get(HttpHeaderNames.TRAILER);
        if (trailer != null) {
            out.set(HttpHeaderNames.TRAILER, trailer);
        }
        boolean bodyless = request.method() == HttpMethod.HEAD || status == 204 || status == 304;
        if (!bodyless && !in.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                // An HTTP/1.0 caller learns where the body ends from the close.
                callerKeepAlive = false;
            }
        }
        if (!requestEnded) {
            // An answer before the whole request was read (a 413, say): the connection closes after it (finish),
            // and the head must say so, or the caller sends its next call on a connection that is closing.
            callerKeepAlive = false;
        }
        var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), out);
        HttpUtil.setKeepAlive(head, callerKeepAlive);
        caller.write(head, caller.voidPromise());
    }

    /** The replica's whole answer is written to the caller. */
    private void answered(ChannelFuture written) {
        cancelTimer();
        if (call != null) {
            settleBreaker(Outcome.ANSWERED, null);
        }
        var connection = upstream;
        var handler = upstreamHandler;
        upstream = null;
        handler.detach();
        if (upstreamKeepAlive && requestEnded && connection.isActive()) {
            connection.config().setAutoRead(true);
            upstreams.release(connection, address);
        } else {
            connection.close();
        }
        finish(written);
    }

    /** The replica's connection closed or failed while it carried this call. */
    void upstreamClosed(Throwable cause) {
        if (finished || upstream == null) {
            return;
        }
        closeUpstream();
        if (responseStarted) {
            // Part of the answer is out: the caller can only learn of the break from a cut connection.
            LOG.fine(() -> "the replica's connection broke during the answer: " + cause);
            cancelTimer();
            if (call != null) {
                settleBreaker(Outcome.FAILED, cause);
            }
            callerKeepAlive = false;
            finish(caller.newSucceededFuture());
            return;
        }
        if (mayRetry()) {
            // A keep-alive connection the replica had already closed: nothing reached the function. Once
            // more, on a new connection.
            retried = true;
            headSent = false;
            openNew();
            return;
        }
        broken(cause);
    }

    private boolean mayRetry() {
        return reused && !retried && replayable && (idempotent || idleNanos >= STALE_AFTER);
    }

    /** No answer came and none will: 500, as Helidon's path answers a broken exchange. */
    private void broken(Throwable cause) {
        cancelTimer();
        if (call == null) {
            answer(HttpResponseStatus.BAD_GATEWAY, "The gateway's internal server closed the connection.", false);
            return;
        }
        settleBreaker(Outcome.FAILED, cause);
        var message = "Can't reach service for: " + call.function() + ".";
        // One line, no stack, as ErrorResponses logs the Helidon path's: a replica killed under load breaks
        // every call it was answering.
        LOG.warning(message + " (" + request.uri() + ")" + (cause == null ? ": the replica closed the connection"
                : ": " + cause));
        answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, message, true);
    }

    private void checkTimeout() {
        timer = null;
        if (finished || upstream == null) {
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        if (idle < timeoutNanos) {
            timer = loop.schedule(this::checkTimeout, timeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        LOG.warning("function " + call.function() + " did not answer in time");
        closeUpstream();
        settleBreaker(Outcome.FAILED, new java.util.concurrent.TimeoutException("upstream timeout"));
        if (responseStarted) {
            callerKeepAlive = false;
            finish(caller.newSucceededFuture());
        } else {
            answer(HttpResponseStatus.BAD_GATEWAY, "", false);
        }
    }

    // ---- ending

    /** The front's own answer (nothing came from upstream). */
    private void answer(HttpResponseStatus answerStatus, String message, boolean internal) {
        status = answerStatus.code();
        responseStarted = true;
        var body = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answerStatus, body,
                new DefaultHttpHeaders(false), new DefaultHttpHeaders(false));
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (internal) {
            headers.set(INTERNAL, "proxy");
        }
        if (call != null) {
            headers.set(CALL_ID, call.callId()).set(START_TIME, call.startTime());
        }
        if (!requestEnded) {
            callerKeepAlive = false;
        }
        HttpUtil.setKeepAlive(response, callerKeepAlive);
        finish(caller.writeAndFlush(response));
    }

    private void finish(ChannelFuture written) {
        if (finished) {
            return;
        }
        finished = true;
        if (!requestEnded) {
            // The rest of the body would have to be read and dropped; closing is simpler and tells the caller.
            callerKeepAlive = false;
        }
        if (call != null) {
            if (invocation != null) {
                invocation.completed(status);
            }
            call.load().completed();
        }
        release();
        owner.exchangeDone(this, callerKeepAlive, written);
    }

    private boolean responseEnded() {
        return finished;
    }

    private void closeUpstream() {
        if (upstream != null) {
            upstreamHandler.detach();
            upstream.close();
            upstream = null;
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void release() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        replay.forEach(ReferenceCountUtil::release);
        replay = new ArrayList<>(0);
    }

    private enum Outcome { ANSWERED, FAILED, NOT_COUNTED }

    /** Settles the function's circuit breaker permission once: an answer, a failure, or not counted. */
    private void settleBreaker(Outcome outcome, Throwable cause) {
        if (breakerSettled || call == null) {
            return;
        }
        breakerSettled = true;
        long nanos = System.nanoTime() - (startedNanos == 0 ? System.nanoTime() : startedNanos);
        switch (outcome) {
            case ANSWERED -> Proxy.recordAnswer(call.breaker(), status, fromWatchdog, nanos);
            case FAILED -> call.breaker().onError(nanos, TimeUnit.NANOSECONDS,
                    cause != null ? cause : new IllegalStateException("the replica closed the connection"));
            case NOT_COUNTED -> call.breaker().releasePermission();
        }
    }
}

package dev.skiff.gateway.front;

import dev.skiff.gateway.async.AsyncCalls;
import dev.skiff.gateway.async.CallTooLargeException;
import dev.skiff.gateway.async.InvalidCallException;
import dev.skiff.gateway.async.QueueUnavailableException;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@code /async-function} call queued by the front itself: the body is gathered on the loop (up to one byte
 * over {@code max_async_body}), then {@link AsyncCalls#acceptAsync} hands it to JetStream from the loop (from a
 * virtual thread when the function's annotations are due for a look-up) and the store's ack puts the answer back
 * on the loop: 202 with {@code X-Call-Id}, or the status and message
 * the Helidon route gives (404 unknown function, 400 bad call, 413 too large, 503 queue unavailable).
 */
final class AsyncExchange implements CallerExchange {
    private static final Logger LOG = Logger.getLogger(AsyncExchange.class.getName());

    private final CallerHandler owner;
    private final ChannelHandlerContext caller;
    private final HttpRequest request;
    private final FrontRoutes.AsyncCall call;
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean requestEnded;
    private boolean finished;

    AsyncExchange(CallerHandler owner, ChannelHandlerContext caller, HttpRequest request, FrontRoutes.AsyncCall call) {
        this.owner = owner;
        this.caller = caller;
        this.request = request;
        this.call = call;
        this.limit = call.calls().maxBody();
    }

    @Override
    public void start() {
        // Even a body declared too large is read to its end (and dropped) before the 413: answering while the
        // caller still sends, then closing, would reset the connection and lose the answer.
    }

    @Override
    public void callerRead(HttpObject msg) {
        try {
            if (finished || !(msg instanceof HttpContent content)) {
                return;
            }
            var bytes = content.content();
            // One byte over the limit is enough for AsyncCalls to refuse it; the rest is dropped as it comes.
            int room = limit + 1 - body.size();
            if (room > 0) {
                int n = Math.min(room, bytes.readableBytes());
                bytes.getBytes(bytes.readerIndex(), body, n);
            }
            if (content instanceof LastHttpContent) {
                requestEnded = true;
                try {
                    call.calls().checkDeclaredLength(HttpUtil.getContentLength(request, -1L));
                    queue();
                } catch (CallTooLargeException e) {
                    answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void queue() {
        var headers = new LinkedHashMap<String, List<String>>();
        for (var name : request.headers().names()) {
            headers.put(name, request.headers().getAll(name));
        }
        var queued = new AsyncCalls.Call(call.function(), request.method().name(), call.path(), call.query(), headers,
                body.toByteArray());
        var loop = caller.executor();
        var calls = call.calls();
        if (calls.acceptsAtOnce(call.function())) {
            // The usual case: encoding and handing the message to the NATS client take microseconds, so they run
            // here, and the answer comes from the ack's callback; a thread per call parked on the ack cost more
            // CPU than the rest of the accept path (two more thread hand-offs per call).
            calls.acceptAsync(queued).whenComplete((accepted, error) -> loop.execute(() -> answer(accepted, error)));
        } else {
            // The function's annotations are due for a look-up (a Docker API round trip): not on the loop.
            Thread.ofVirtual().name("async-accept").start(() -> calls.acceptAsync(queued)
                    .whenComplete((accepted, error) -> loop.execute(() -> answer(accepted, error))));
        }
    }

    private void answer(AsyncCalls.Accepted accepted, Throwable error) {
        if (error == null) {
            accepted(accepted);
            return;
        }
        switch (AsyncCalls.cause(error)) {
            case FunctionNotFoundException e -> answer(HttpResponseStatus.NOT_FOUND, e.getMessage());
            case InvalidCallException e -> answer(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            case CallTooLargeException e -> answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
            case QueueUnavailableException e -> {
                // Not logged per call, as on the Helidon route: JetStreamQueue logs the outage once, and a burst
                // of calls during one would flood the log.
                LOG.fine(e::getMessage);
                answer(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
            }
            case Throwable e -> {
                LOG.log(Level.WARNING, "cannot queue a call to " + call.function(), e);
                answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the call was not queued: " + e.getMessage());
            }
        }
    }

    private void accepted(AsyncCalls.Accepted accepted) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED);
        response.headers().set("X-Call-Id", accepted.callId())
                .set("X-Start-Time", String.valueOf(accepted.startTime()))
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        if (accepted.duplicate()) {
            response.headers().set("X-Duplicate", "true");
        }
        send(response);
    }

    private void answer(HttpResponseStatus status, String message) {
        var bytes = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, bytes);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.readableBytes());
        send(response);
    }

    private void send(DefaultFullHttpResponse response) {
        if (finished) {
            response.release();
            return;
        }
        finished = true;
        // A body not read to its end cannot be skipped on a kept connection: say the connection closes.
        boolean keepAlive = requestEnded && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        owner.exchangeDone(this, keepAlive, caller.writeAndFlush(response));
    }

    @Override
    public boolean requestEnded() {
        return requestEnded;
    }

    @Override
    public boolean callerMayRead() {
        return true;
    }

    @Override
    public void callerReadComplete() {
        // nothing is forwarded while the body comes in
    }

    @Override
    public void callerWritabilityChanged() {
        // the answer is one small message
    }

    @Override
    public void callerGone() {
        // A call already handed to accept is stored or not whoever waits for the answer.
        finished = true;
    }
}

package dev.skiff.gateway.proxy;

import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The body of a call: none, small enough to hold (read once, so the call can be sent again), or streamed
 * from the caller as it arrives, which can be sent only once and only while none of it was read.
 */
final class RequestBody {
    enum Kind { NONE, BUFFERED, STREAMED }

    private static final RequestBody NONE = new RequestBody(Kind.NONE, null, null);

    private final Kind kind;
    private final byte[] bytes;
    private final ServerRequest request;
    private volatile boolean consumed;

    private RequestBody(Kind kind, byte[] bytes, ServerRequest request) {
        this.kind = kind;
        this.bytes = bytes;
        this.request = request;
    }

    /** Reads a body of a known length up to {@code limit} now; a larger or chunked one is left to stream. */
    static RequestBody of(ServerRequest request, int limit) {
        if (!request.content().hasEntity()) {
            return NONE;
        }
        long length = Proxy.contentLength(request.headers());
        if (length < 0 || length > limit) {
            return new RequestBody(Kind.STREAMED, null, request);
        }
        try (var in = request.content().inputStream()) {
            return new RequestBody(Kind.BUFFERED, in.readNBytes((int) length), null);
        } catch (IOException e) {
            throw new CallerGoneException(e);
        }
    }

    Kind kind() {
        return kind;
    }

    boolean streamed() {
        return kind == Kind.STREAMED;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Pipes a streamed body to the replica; from here on the call cannot move to another replica. */
    void transferTo(OutputStream out) throws IOException {
        consumed = true;
        try (var in = request.content().inputStream()) {
            in.transferTo(out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Whether part of a streamed body was read: then it cannot be sent again. */
    boolean consumed() {
        return consumed;
    }

    /** Whether the call can be sent again after a failure. */
    boolean replayable() {
        return !consumed;
    }
}

package dev.skiff.gateway.async;

import dev.skiff.api.async.QueueRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Accepts one asynchronous call, whatever HTTP front received it: checks it, gives it its call id and start
 * time, and queues it ({@link AsyncPublisher#publish}, which returns once JetStream stored it). The front
 * reads the request (body up to {@link #maxBody()} + 1 bytes) and answers 202 with what this returns.
 *
 * <p>Throws {@code FunctionNotFoundException} (404), {@link InvalidCallException} (400),
 * {@link CallTooLargeException} (413) and {@link QueueUnavailableException} (503).
 */
public final class AsyncCalls {
    static final String CALL_ID = "X-Call-Id";
    static final String START_TIME = "X-Start-Time";
    private static final String CALLBACK_URL = "x-callback-url";
    private static final String IDEMPOTENCY_KEY = "x-idempotency-key";
    /** Hop-by-hop and framing headers: they describe this connection, not the call. */
    private static final Set<String> NOT_KEPT = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authorization", "proxy-connection", "content-length", "host", "expect",
            CALLBACK_URL, IDEMPOTENCY_KEY);

    private final AsyncPublisher publisher;

    public AsyncCalls(AsyncPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * One call as the caller sent it.
     *
     * @param function the function's name, without namespace
     * @param method   the HTTP method
     * @param path     what followed the name in the raw path: empty, {@code /} or {@code /x/y}
     * @param query    the raw query without {@code ?}, or empty
     * @param headers  every request header, name to values, as received
     * @param body     the body, read whole
     */
    public record Call(String function, String method, String path, String query,
                       Map<String, List<String>> headers, byte[] body) {
    }

    /**
     * What the caller is told.
     *
     * @param callId    {@code X-Call-Id}
     * @param startTime {@code X-Start-Time}, Unix nanoseconds
     * @param duplicate the same idempotency key (or call id) was stored within the window: not queued again
     */
    public record Accepted(String callId, long startTime, boolean duplicate) {
    }

    /** The largest body a call may carry ({@code max_async_body}). */
    public int maxBody() {
        return publisher.config().maxBody();
    }

    /** Refuses a call whose declared {@code Content-Length} is over {@link #maxBody()}: {@link CallTooLargeException}. */
    public void checkDeclaredLength(long length) {
        if (length > maxBody()) {
            throw new CallTooLargeException("the body is " + length + " bytes, over the " + maxBody()
                    + " bytes an async call may carry (max_async_body)");
        }
    }

    /**
     * Fails fast, before the front reads the body: {@code FunctionNotFoundException} for an unknown function,
     * {@link InvalidCallException} for a bad queue annotation (both looked up again, from memory, by accept).
     */
    public void check(String function) {
        publisher.destination(function);
    }

    /**
     * Whether {@link #acceptAsync} would return without waiting for anything: the function's annotations are
     * known and fresh (otherwise the lookup may ask the provider, a Docker API round trip). The front calls
     * it on its event loop only then.
     */
    public boolean acceptsAtOnce(String function) {
        return publisher.destinationIsFresh(function);
    }

    /** Queues the call and waits until JetStream stored it: {@link #acceptAsync}, for a thread that may block. */
    public Accepted accept(Call call) {
        return await(acceptAsync(call));
    }

    /**
     * Queues the call: the future completes once JetStream stored it (or dropped it as a duplicate), on the
     * NATS client's thread, or fails with one of the exceptions this class lists. Checks that fail before
     * anything is sent fail the future at once, so the caller has one place to answer from.
     */
    public CompletableFuture<Accepted> acceptAsync(Call call) {
        try {
            return send(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Accepted> send(Call call) {
        var destination = publisher.destination(call.function());
        if (call.body().length > maxBody()) {
            throw new CallTooLargeException("the body is over the " + maxBody()
                    + " bytes an async call may carry (max_async_body)");
        }
        String callback = null;
        String callId = null;
        String idempotencyKey = null;
        String host = null;
        var kept = new LinkedHashMap<String, List<String>>();
        for (var header : call.headers().entrySet()) {
            var name = header.getKey().toLowerCase(Locale.ROOT);
            var first = header.getValue().isEmpty() ? "" : header.getValue().get(0);
            switch (name) {
                case CALLBACK_URL -> callback = callbackUrl(first);
                case IDEMPOTENCY_KEY -> idempotencyKey = first.isBlank() ? null : first;
                case "x-call-id" -> callId = first;
                case "host" -> host = first;
                default -> {
                }
            }
            if (!NOT_KEPT.contains(name) && !name.equals("x-call-id") && !name.equals("x-start-time")) {
                kept.put(header.getKey(), header.getValue());
            }
        }
        if (callId == null || callId.isEmpty()) {
            callId = newCallId();
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        kept.put(CALL_ID, List.of(callId));
        kept.put(START_TIME, List.of(String.valueOf(now)));
        var request = new QueueRequest(kept, host, call.body(), call.method(), call.path(), call.query(),
                call.function(), callback, callId, destination.queue(), destination.annotations(), now);
        var id = callId;
        return publisher.publishAsync(request, idempotencyKey != null ? idempotencyKey : callId)
                .thenApply(stored -> new Accepted(id, now, !stored));
    }

    /** Waits for a future of this package and throws what it failed with, as a synchronous call would. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while waiting for the queue", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What a future failed with, without the {@link CompletionException} a stage wraps it in. */
    public static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String callbackUrl(String value) {
        var url = value.strip();
        if (url.isEmpty()) {
            return null;
        }
        try {
            var uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidCallException("X-Callback-Url: " + url + " is not an http(s) URL with a host");
    }

    /**
     * A random (version 4) UUID from a per-thread generator: a call id needs to be unique, not unpredictable,
     * and {@link UUID#randomUUID()} reads one shared SecureRandom under a lock per call.
     */
    static String newCallId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}

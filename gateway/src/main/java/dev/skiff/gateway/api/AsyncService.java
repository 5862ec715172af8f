package dev.skiff.gateway.api;

import dev.skiff.api.async.QueueRequest;
import dev.skiff.gateway.async.AsyncPublisher;
import dev.skiff.gateway.async.CallTooLargeException;
import dev.skiff.gateway.provider.DeploymentValidator;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Queued calls, under {@code /async-function}: the call is stored in NATS JetStream and answered 202 with
 * {@code X-Call-Id}; the queue worker runs it and posts the result to {@code X-Callback-Url}, if given.
 *
 * <pre>
 * curl -i 127.0.0.1:8080/async-function/echo -d hi -H 'X-Callback-Url: http://receiver:8080/'
 * curl -i 127.0.0.1:8080/async-function/echo/sub/path?x=1 -d hi -H 'X-Idempotency-Key: order-42'
 * </pre>
 *
 * 404 at once for an unknown function, 400 for a bad callback URL, 413 over the body limit, 503 when
 * the queue cannot confirm the call was stored.
 */
public final class AsyncService implements HttpService {
    private static final HeaderName CALL_ID = HeaderNames.create("X-Call-Id");
    private static final HeaderName START_TIME = HeaderNames.create("X-Start-Time");
    private static final HeaderName CALLBACK_URL = HeaderNames.create("X-Callback-Url");
    private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("X-Idempotency-Key");
    private static final HeaderName DUPLICATE = HeaderNames.create("X-Duplicate");
    /** Hop-by-hop and framing headers: they describe this connection, not the call. */
    private static final Set<String> NOT_KEPT = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authorization", "proxy-connection", "content-length", "host", "expect",
            "x-callback-url", "x-idempotency-key");

    private final AsyncPublisher publisher;
    private final DeploymentValidator validator;

    public AsyncService(AsyncPublisher publisher, DeploymentValidator validator) {
        this.publisher = publisher;
        this.validator = validator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/{name}", this::queue)
                .any("/{name}/*", this::queue);
    }

    private void queue(ServerRequest request, ServerResponse response) {
        var segment = request.path().pathParameters().get("name");
        var name = FunctionNames.ofRoute(segment, validator);
        var annotations = publisher.workerAnnotations(name.function());
        String queueName;
        try {
            queueName = AsyncPublisher.queueOf(annotations);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        var callback = callbackUrl(request);
        var body = body(request, publisher.config().maxBody());
        var callId = request.headers().first(CALL_ID).orElseGet(() -> UUID.randomUUID().toString());
        long now = System.currentTimeMillis() * 1_000_000L;
        var headers = keptHeaders(request);
        headers.put("X-Call-Id", List.of(callId));
        headers.put("X-Start-Time", List.of(String.valueOf(now)));
        var queued = new QueueRequest(headers, request.headers().first(HeaderNames.HOST).orElse(null), body,
                request.prologue().method().text(), subPath(request.path().rawPath(), segment),
                request.query().rawValue(), name.function(), callback, callId, queueName, annotations, now);
        var messageId = request.headers().first(IDEMPOTENCY_KEY).filter(k -> !k.isBlank()).orElse(callId);
        boolean stored = publisher.publish(queued, messageId);
        response.header(CALL_ID, callId).header(START_TIME, String.valueOf(now));
        if (!stored) {
            response.header(DUPLICATE, "true");
        }
        response.status(Status.ACCEPTED_202).send();
    }

    private static String callbackUrl(ServerRequest request) {
        var value = request.headers().first(CALLBACK_URL).map(String::strip).orElse("");
        if (value.isEmpty()) {
            return null;
        }
        try {
            var uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadRequestException("X-Callback-Url: " + value + " is not an http(s) URL with a host");
    }

    private static byte[] body(ServerRequest request, int max) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        var length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > max) {
            throw new CallTooLargeException("the body is " + length.getAsLong() + " bytes, over the "
                    + max + " bytes an async call may carry (max_async_body)");
        }
        try (var in = request.content().inputStream()) {
            var body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new CallTooLargeException("the body is over the " + max
                        + " bytes an async call may carry (max_async_body)");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static Map<String, List<String>> keptHeaders(ServerRequest request) {
        var headers = new LinkedHashMap<String, List<String>>();
        for (var header : request.headers()) {
            if (!NOT_KEPT.contains(header.name().toLowerCase(Locale.ROOT))) {
                headers.put(header.name(), header.allValues());
            }
        }
        return headers;
    }

    /** What follows the name in the raw path: empty, {@code /} or {@code /x/y}, as OpenFaaS keeps it. */
    static String subPath(String rawPath, String segment) {
        for (var prefix : new String[] {"/async-function/" + segment, "/" + segment}) {
            if (rawPath.startsWith(prefix) && (rawPath.length() == prefix.length()
                    || rawPath.charAt(prefix.length()) == '/')) {
                return rawPath.substring(prefix.length());
            }
        }
        return "";
    }
}

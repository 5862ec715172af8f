package dev.skiff.gateway.api;

import dev.skiff.gateway.async.AsyncCalls;
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
import java.util.LinkedHashMap;
import java.util.List;

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
 * the queue cannot confirm the call was stored. A thin adapter: {@link AsyncCalls} decides, so that
 * another HTTP front can serve the route with the same logic.
 */
public final class AsyncService implements HttpService {
    private static final HeaderName CALL_ID = HeaderNames.create("X-Call-Id");
    private static final HeaderName START_TIME = HeaderNames.create("X-Start-Time");
    private static final HeaderName DUPLICATE = HeaderNames.create("X-Duplicate");

    private final AsyncCalls calls;
    private final DeploymentValidator validator;

    public AsyncService(AsyncCalls calls, DeploymentValidator validator) {
        this.calls = calls;
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
        calls.check(name.function());
        var headers = new LinkedHashMap<String, List<String>>();
        for (var header : request.headers()) {
            headers.put(header.name(), header.allValues());
        }
        var accepted = calls.accept(new AsyncCalls.Call(name.function(), request.prologue().method().text(),
                subPath(request.path().rawPath(), segment), request.query().rawValue(), headers,
                body(request)));
        response.header(CALL_ID, accepted.callId()).header(START_TIME, String.valueOf(accepted.startTime()));
        if (accepted.duplicate()) {
            response.header(DUPLICATE, "true");
        }
        response.status(Status.ACCEPTED_202).send();
    }

    /** The body, read up to one byte over the limit (which AsyncCalls then refuses with 413). */
    private byte[] body(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        var length = request.headers().contentLength();
        if (length.isPresent()) {
            calls.checkDeclaredLength(length.getAsLong());
        }
        try (var in = request.content().inputStream()) {
            return in.readNBytes(calls.maxBody() + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
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

package dev.skiff.gateway.api;

import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.proxy.Call;
import dev.skiff.gateway.proxy.CallerGoneException;
import dev.skiff.gateway.proxy.Proxy;
import dev.skiff.gateway.proxy.WakeGate;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Synchronous calls, under {@code /function}; any method, any sub-path, the query passed on:
 *
 * <pre>
 * curl -d hello 127.0.0.1:8080/function/echo
 * curl '127.0.0.1:8080/function/echo.openfaas-fn/sub/path?x=1'
 * </pre>
 */
public final class InvokeService implements HttpService {
    public static final HeaderName CALL_ID = HeaderNames.create("X-Call-Id");
    private static final HeaderName START_TIME = HeaderNames.create("X-Start-Time");
    private final Proxy proxy;
    private final DeploymentValidator validator;
    private final InvocationMetrics invocations;
    private final WakeGate wakeGate;

    public InvokeService(Proxy proxy, DeploymentValidator validator, InvocationMetrics invocations) {
        this(proxy, validator, invocations, WakeGate.open());
    }

    /** @param wakeGate counts calls for the autoscaler and wakes a function at zero before forwarding */
    public InvokeService(Proxy proxy, DeploymentValidator validator, InvocationMetrics invocations,
                         WakeGate wakeGate) {
        this.proxy = proxy;
        this.validator = validator;
        this.invocations = invocations;
        this.wakeGate = wakeGate;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/{name}", this::invoke)
                .any("/{name}/*", this::invoke);
    }

    private void invoke(ServerRequest request, ServerResponse response) {
        var segment = request.path().pathParameters().get("name");
        var name = FunctionNames.ofRoute(segment, validator);
        // Only functions that exist get series: a call to a made-up name is answered 404 and counted nowhere,
        // so that such calls cannot grow the metrics without bound.
        proxy.requireFunction(name.function());
        // Counted whatever the answer, the gateway's own 5xx included: the code label says which.
        var invocation = invocations.started(invocations.functionName(segment));
        response.whenSent(() -> invocation.completed(response.status().code()));
        var call = new Call(name.function(), subPath(request.prologue().uriPath().rawPath(), segment),
                request.query().rawValue(), addedHeaders(request, response));
        var load = wakeGate.started(name.function());
        try {
            wakeGate.awaitReady(name.function());
            proxy.forward(call, request, response);
        } catch (CallerGoneException e) {
            // Nobody to answer; the proxy has already closed the replica's side.
        } finally {
            load.completed();
        }
    }

    /**
     * What follows the name in the raw path, or {@code /}. The path may be the full one or relative to
     * this service's mount point, depending on how routing hands it over; both forms are read.
     */
    static String subPath(String rawPath, String segment) {
        for (var prefix : new String[] {"/function/" + segment, "/" + segment}) {
            if (rawPath.equals(prefix)) {
                return "/";
            }
            if (rawPath.startsWith(prefix + "/")) {
                return rawPath.substring(prefix.length());
            }
        }
        return "/";
    }

    /** The call id and start time, on the forwarded request and on the answer, as OpenFaaS sets them. */
    private static List<Header> addedHeaders(ServerRequest request, ServerResponse response) {
        var headers = new ArrayList<Header>(4);
        var callId = request.headers().first(CALL_ID).orElseGet(InvokeService::newCallId);
        var startTime = String.valueOf(System.currentTimeMillis() * 1_000_000L);
        var callIdHeader = HeaderValues.create(CALL_ID, callId);
        var startTimeHeader = HeaderValues.create(START_TIME, startTime);
        headers.add(callIdHeader);
        headers.add(startTimeHeader);
        if (!request.headers().contains(HeaderNames.X_FORWARDED_FOR)) {
            headers.add(HeaderValues.create(HeaderNames.X_FORWARDED_FOR, request.remotePeer().host()));
        }
        if (!request.headers().contains(HeaderNames.X_FORWARDED_HOST)) {
            request.headers().first(HeaderNames.HOST)
                    .ifPresent(host -> headers.add(HeaderValues.create(HeaderNames.X_FORWARDED_HOST, host)));
        }
        response.header(callIdHeader);
        response.header(startTimeHeader);
        return headers;
    }

    /**
     * A random (version 4) UUID from a per-thread generator: a call id needs to be unique, not unpredictable,
     * and {@link UUID#randomUUID()} takes a lock on one shared SecureRandom per call.
     */
    public static String newCallId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}

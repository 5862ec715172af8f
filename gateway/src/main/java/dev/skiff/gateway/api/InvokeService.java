package dev.skiff.gateway.api;

import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import dev.skiff.gateway.proxy.Call;
import dev.skiff.gateway.proxy.Proxy;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.UUID;

/**
 * Synchronous calls, under {@code /function}; any method, any sub-path, the query passed on:
 *
 * <pre>
 * curl -d hello 127.0.0.1:8080/function/echo
 * curl '127.0.0.1:8080/function/echo.openfaas-fn/sub/path?x=1'
 * </pre>
 */
public final class InvokeService implements HttpService {
    private final Proxy proxy;
    private final DeploymentValidator validator;
    private final InvocationMetrics invocations;

    public InvokeService(Proxy proxy, DeploymentValidator validator, InvocationMetrics invocations) {
        this.proxy = proxy;
        this.validator = validator;
        this.invocations = invocations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/{name}", this::invoke)
                .any("/{name}/*", this::invoke);
    }

    private void invoke(ServerRequest request, ServerResponse response) {
        var segment = request.path().pathParameters().get("name");
        // Counted whatever the answer, the gateway's own 404 and 5xx included: the code label says which.
        var invocation = invocations.started(invocations.functionName(segment));
        response.whenSent(() -> invocation.completed(response.status().code()));
        var name = FunctionNames.parse(segment);
        if (name.namespace() != null) {
            try {
                validator.checkNamespace(name.namespace());
            } catch (RuntimeException e) {
                throw new FunctionNotFoundException(segment);
            }
        }
        var call = new Call(name.function(), subPath(request.path().rawPath(), segment),
                request.query().rawValue(), addedHeaders(request, response));
        proxy.forward(call, request, response);
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
    private static java.util.Map<String, String> addedHeaders(ServerRequest request, ServerResponse response) {
        var headers = new HashMap<String, String>();
        var callId = request.headers().first(HeaderNames.create("X-Call-Id")).orElseGet(() -> UUID.randomUUID().toString());
        var startTime = String.valueOf(System.currentTimeMillis() * 1_000_000L);
        headers.put("X-Call-Id", callId);
        headers.put("X-Start-Time", startTime);
        if (request.headers().first(HeaderNames.X_FORWARDED_FOR).isEmpty()) {
            headers.put("X-Forwarded-For", request.remotePeer().host());
        }
        if (request.headers().first(HeaderNames.X_FORWARDED_HOST).isEmpty()) {
            request.headers().first(HeaderNames.HOST).ifPresent(host -> headers.put("X-Forwarded-Host", host));
        }
        response.header(HeaderNames.create("X-Call-Id"), callId);
        response.header(HeaderNames.create("X-Start-Time"), startTime);
        return headers;
    }
}

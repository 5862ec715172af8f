package dev.skiff.gateway.front;

import dev.skiff.gateway.api.InvokeService;
import dev.skiff.gateway.async.AsyncCalls;
import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import dev.skiff.gateway.proxy.Proxy;
import dev.skiff.gateway.proxy.WakeGate;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Decides which calls the front answers itself: a {@code /function/{name}} call to a function that has a ready
 * replica and whose circuit is closed (forwarded), and, when NATS is configured, an {@code /async-function/{name}}
 * call (queued). Everything else goes to the Helidon server, which answers it exactly as before: the API,
 * unknown or malformed names (404), a function at zero
 * (woken there, on a virtual thread, not on a loop), a function with no reachable replica (waited for there),
 * an open circuit (503).
 */
public final class FrontRoutes {
    private static final String PREFIX = "/function/";
    private static final String ASYNC_PREFIX = "/async-function/";

    private final Proxy proxy;
    private final WakeGate wakeGate;
    private final InvocationMetrics invocations;
    private final String namespaceSuffix;
    private final InetSocketAddress internal;
    private final AsyncCalls asyncCalls;

    /** Without async calls: the front relays {@code /async-function} to the Helidon server. */
    public FrontRoutes(Proxy proxy, WakeGate wakeGate, InvocationMetrics invocations, String namespace,
                       InetSocketAddress internal) {
        this(proxy, wakeGate, invocations, namespace, internal, null);
    }

    /**
     * @param namespace the functions' namespace: {@code name.namespace} is the same function as {@code name}
     * @param internal  the Helidon server's address, for every call the front does not forward itself
     * @param asyncCalls queues {@code /async-function} calls, which the front then answers itself; null when
     *                   async calls are off (NATS not configured)
     */
    public FrontRoutes(Proxy proxy, WakeGate wakeGate, InvocationMetrics invocations, String namespace,
                       InetSocketAddress internal, AsyncCalls asyncCalls) {
        this.proxy = proxy;
        this.wakeGate = wakeGate;
        this.invocations = invocations;
        this.namespaceSuffix = "." + namespace;
        this.internal = internal;
        this.asyncCalls = asyncCalls;
    }

    InetSocketAddress internal() {
        return internal;
    }

    Duration idleTimeout() {
        return proxy.settings().idleTimeout();
    }

    int maxIdlePerReplica() {
        return proxy.settings().maxIdlePerReplica();
    }

    Proxy proxy() {
        return proxy;
    }

    /** The call to forward to a replica, or null when the Helidon server is to answer the request. */
    FunctionCall functionCall(HttpRequest request, String callerHost) {
        var uri = request.uri();
        if (!uri.startsWith(PREFIX)) {
            return null;
        }
        int end = segmentEnd(uri, PREFIX.length());
        var segment = uri.substring(PREFIX.length(), end);
        var function = functionName(segment);
        if (function == null) {
            return null;
        }
        java.util.List<InetSocketAddress> replicas;
        try {
            replicas = proxy.replicasInTurn(function);
        } catch (FunctionNotFoundException e) {
            return null;
        }
        if (replicas.isEmpty() || wakeGate.wouldWait(function)) {
            return null;
        }
        var breaker = proxy.breaker(function);
        if (!breaker.tryAcquirePermission()) {
            return null;
        }
        var rest = uri.substring(end);
        var target = rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest;
        var headers = request.headers();
        var callId = headers.get(InvokeService.CALL_ID.defaultCase());
        return new FunctionCall(function, invocations.functionName(segment), replicas, target,
                proxy.timeout(function), breaker, callId != null ? callId : InvokeService.newCallId(),
                String.valueOf(System.currentTimeMillis() * 1_000_000L),
                headers.contains(Exchange.X_FORWARDED_FOR) ? null : callerHost,
                headers.contains(Exchange.X_FORWARDED_HOST) ? null : headers.get(HttpHeaderNames.HOST),
                invocations, wakeGate.started(function));
    }

    /** What an async call asks for: the function, what follows its name in the path, and the query. */
    record AsyncCall(AsyncCalls calls, String function, String path, String query) {
    }

    /**
     * The {@code /async-function/{name}[/path][?query]} call the front queues itself, or null when the Helidon
     * server is to answer the request (async calls off, or a name it must judge).
     */
    AsyncCall asyncCall(HttpRequest request) {
        var uri = request.uri();
        if (asyncCalls == null || !uri.startsWith(ASYNC_PREFIX)) {
            return null;
        }
        int end = segmentEnd(uri, ASYNC_PREFIX.length());
        var function = functionName(uri.substring(ASYNC_PREFIX.length(), end));
        if (function == null) {
            return null;
        }
        int query = uri.indexOf('?', end);
        return new AsyncCall(asyncCalls, function, query < 0 ? uri.substring(end) : uri.substring(end, query),
                query < 0 ? "" : uri.substring(query + 1));
    }

    /** Where the path segment starting at {@code from} ends: at the next {@code /} or {@code ?}, or the end. */
    private static int segmentEnd(String uri, int from) {
        int end = from;
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        return end;
    }

    /** The bare name of {@code name} or {@code name.namespace}; null for anything the front leaves to Helidon. */
    private String functionName(String segment) {
        var name = segment.endsWith(namespaceSuffix)
                ? segment.substring(0, segment.length() - namespaceSuffix.length()) : segment;
        if (name.isEmpty()) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return null;
            }
        }
        return name;
    }
}

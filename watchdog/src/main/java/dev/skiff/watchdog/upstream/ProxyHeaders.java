package dev.skiff.watchdog.upstream;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;

/**
 * Which headers cross the proxy: all end-to-end ones, both ways. Hop-by-hop headers (RFC 9110 7.6.1)
 * describe one connection and stay behind; each side's framing (Content-Length, Transfer-Encoding) is
 * set by its own HTTP stack.
 */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    /**
     * Not copied upstream although end-to-end: the client sets Host (the upstream's) and Content-Length
     * (from the body it sends), and the watchdog already answered Expect: 100-continue.
     */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "expect");

    private ProxyHeaders() {
    }

    /** Copies the caller's headers to the upstream request, plus X-Forwarded-For/-Host. */
    static void toUpstream(HttpExchange exchange, HttpRequest.Builder upstream) {
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || SET_BY_CLIENT.contains(name)
                    || name.equals("x-forwarded-for") || name.equals("x-forwarded-host")) {
                continue;
            }
            for (String value : header.getValue()) {
                upstream.header(header.getKey(), value);
            }
        }
        String peer = exchange.getRemoteAddress().getAddress().getHostAddress();
        String earlier = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        upstream.header("X-Forwarded-For", earlier == null ? peer : earlier + ", " + peer);
        String host = exchange.getRequestHeaders().getFirst("Host");
        String forwardedHost = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
        if (forwardedHost != null || host != null) {
            upstream.header("X-Forwarded-Host", forwardedHost != null ? forwardedHost : host);
        }
    }

    /** Copies the upstream's answer headers to the caller's response, less framing. */
    static void toCaller(HttpHeaders upstream, HttpExchange exchange) {
        for (Map.Entry<String, List<String>> header : upstream.map().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals("content-length") && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(header.getKey(), List.copyOf(header.getValue()));
            }
        }
    }
}

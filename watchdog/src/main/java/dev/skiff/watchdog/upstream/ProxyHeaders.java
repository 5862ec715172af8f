package dev.skiff.watchdog.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;

import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * Which headers cross the proxy: all end-to-end ones, both ways. Hop-by-hop headers (RFC 9110 7.6.1)
 * describe one connection and stay behind; each side's framing is set by its own HTTP stack.
 */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private ProxyHeaders() {
    }

    /**
     * Copies the caller's headers to the upstream request, less Host (the client sets the upstream's)
     * and Expect (the watchdog already answered 100-continue), plus X-Forwarded-For, and X-Forwarded-Host
     * when the caller sent none.
     */
    static void toUpstream(HttpExchange exchange, ClientRequestHeaders upstream) {
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals("host") && !name.equals("expect")
                    && !header.getValue().isEmpty()) {
                upstream.set(HeaderNames.create(header.getKey()), header.getValue().toArray(String[]::new));
            }
        }
        String peer = exchange.getRemoteAddress().getAddress().getHostAddress();
        String earlier = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        upstream.set(HeaderNames.X_FORWARDED_FOR, earlier == null ? peer : earlier + ", " + peer);
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null && exchange.getRequestHeaders().getFirst("X-Forwarded-Host") == null) {
            upstream.set(HeaderNames.X_FORWARDED_HOST, host);
        }
    }

    /** Copies the upstream's answer headers to the caller's response, less framing. */
    static void toCaller(Headers upstream, HttpExchange exchange) {
        for (Header header : upstream) {
            String name = header.headerName().lowerCase();
            if (!HOP_BY_HOP.contains(name) && !name.equals("content-length")) {
                exchange.getResponseHeaders().put(header.name(), List.copyOf(header.allValues()));
            }
        }
    }
}

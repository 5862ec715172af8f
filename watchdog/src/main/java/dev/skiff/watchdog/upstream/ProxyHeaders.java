package dev.skiff.watchdog.upstream;

import java.util.Set;

import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Which headers cross the proxy: all end-to-end ones, both ways. Hop-by-hop headers (RFC 9110 7.6.1)
 * describe one connection and stay behind; each side's framing is set by its own HTTP stack.
 */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    private static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final HeaderName X_FORWARDED_HOST = HeaderNames.create("X-Forwarded-Host");

    private ProxyHeaders() {
    }

    /**
     * Copies the caller's headers to the upstream request, less Host (the client sets the upstream's)
     * and Expect (the watchdog already answered 100-continue), plus X-Forwarded-For/-Host.
     */
    static void toUpstream(ServerRequest request, ClientRequestHeaders upstream) {
        for (Header header : request.headers()) {
            String name = header.headerName().lowerCase();
            if (!HOP_BY_HOP.contains(name) && !name.equals("host") && !name.equals("expect")) {
                upstream.set(header);
            }
        }
        String peer = request.remotePeer().host();
        upstream.set(X_FORWARDED_FOR, request.headers().first(X_FORWARDED_FOR)
                .map(earlier -> earlier + ", " + peer)
                .orElse(peer));
        request.headers().first(HeaderNames.HOST).ifPresent(host -> upstream.set(X_FORWARDED_HOST, host));
    }

    /** Copies the upstream's answer headers to the caller's response. */
    static void toCaller(Headers upstream, ServerResponse response) {
        for (Header header : upstream) {
            if (!HOP_BY_HOP.contains(header.headerName().lowerCase())) {
                response.header(header);
            }
        }
    }
}

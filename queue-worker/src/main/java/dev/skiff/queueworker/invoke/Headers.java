package dev.skiff.queueworker.invoke;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Copies stored headers onto an outgoing request, leaving out those that describe a connection. */
final class Headers {
    /** Hop-by-hop and framing headers, and those the JDK client sets itself and refuses from callers. */
    private static final Set<String> NOT_COPIED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "content-length", "host", "expect", "proxy-connection", "date", "via", "warning",
            "http2-settings");

    private Headers() {
    }

    static void copy(Map<String, List<String>> headers, HttpRequest.Builder request) {
        headers.forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
    }
}

package dev.skiff.queueworker.invoke;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** Copies stored headers onto an outgoing request, leaving out those that describe a connection. */
final class Headers {
    /** Hop-by-hop and framing headers, and those the JDK client sets itself and refuses from callers. */
    private static final Set<String> NOT_COPIED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "content-length", "host", "expect", "proxy-connection", "date", "via", "warning",
            "http2-settings");

    private Headers() {
    }

    /** Passes each header worth copying, with its values, to {@code target}. */
    static void copy(Map<String, List<String>> headers, BiConsumer<String, List<String>> target) {
        headers.forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                target.accept(name, values);
            }
        });
    }
}

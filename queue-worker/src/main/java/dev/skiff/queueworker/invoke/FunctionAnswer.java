package dev.skiff.queueworker.invoke;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one try of a queued call got.
 *
 * @param status   the function's HTTP status, or 0 when it could not be reached (then {@code error} says why)
 * @param headers  the answer's headers
 * @param body     the answer's body
 * @param seconds  how long the try took
 * @param error    why there was no answer, or null
 */
public record FunctionAnswer(int status, Map<String, List<String>> headers, byte[] body, double seconds, String error) {
    /** Answers worth another try later: the function was busy, starting or unreachable. */
    private static final Set<Integer> RETRIED = Set.of(429, 502, 503, 504);

    public static FunctionAnswer unreachable(String error, double seconds) {
        return new FunctionAnswer(0, Map.of(), new byte[0], seconds, error);
    }

    public boolean retryable() {
        return status == 0 || RETRIED.contains(status);
    }

    /**
     * The function has no room for the call now, rather than failed it: it answered 429 (its watchdog's
     * {@code max_inflight}, or the function itself), or the gateway answered 503 itself ({@code
     * X-OpenFaaS-Internal: proxy}: its circuit is open or no replica is ready yet). Such a call waits for
     * capacity; it has not used up a try.
     */
    public boolean noCapacity() {
        return status == 429 || (status == 503 && "proxy".equals(header("X-OpenFaaS-Internal")));
    }

    private String header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    /** The status the callback and metrics report: an unreachable function counts as 503, as OpenFaaS does. */
    public int reportedStatus() {
        return status == 0 ? 503 : status;
    }
}

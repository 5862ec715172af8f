package dev.skiff.api.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What {@code GET /async-status/{call-id}} answers: the latest known state of one queued call.
 *
 * @param callId          the call's {@code X-Call-Id}
 * @param function        function name
 * @param state           queued, running, retrying, done or dead-lettered
 * @param attempts        calls of the function made so far
 * @param statusCode      the function's last answer (0 when it could not be reached or not called yet)
 * @param queuedAt        when the gateway accepted the call
 * @param startedAt       when the last try started
 * @param finishedAt      when the call reached done or dead-lettered
 * @param durationSeconds the last try's duration
 * @param nextAttemptAt   when the next try is due (retrying only)
 * @param callback        what became of the callback, when one was asked for
 * @param error           why the last try failed, when it did
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CallStatus(
        String callId,
        String function,
        CallState state,
        int attempts,
        int statusCode,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        double durationSeconds,
        Instant nextAttemptAt,
        CallbackResult callback,
        String error) {

    public static CallStatus queued(String callId, String function, Instant queuedAt) {
        return new CallStatus(callId, function, CallState.QUEUED, 0, 0, queuedAt, null, null, 0, null, null, null);
    }

    /**
     * The outcome of posting the result to {@code X-Callback-Url}.
     *
     * @param url        where it was posted
     * @param statusCode the receiver's last answer (0 when unreachable)
     * @param attempts   posts made
     * @param delivered  whether the receiver answered 2xx
     * @param error      why the last post failed, when it did
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record CallbackResult(String url, int statusCode, int attempts, boolean delivered, String error) {
    }
}

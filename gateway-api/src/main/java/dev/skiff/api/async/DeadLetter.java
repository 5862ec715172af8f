package dev.skiff.api.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A call whose every try failed, as kept in the dead-letter stream and listed by
 * {@code GET /system/dead-letters}.
 *
 * @param sequence   its position in the dead-letter stream: the id to replay or delete it by
 * @param callId     the call's {@code X-Call-Id}
 * @param function   function name
 * @param attempts   tries made
 * @param statusCode the function's last answer (0 when it could not be reached)
 * @param reason     why the last try failed
 * @param deadAt     when the worker gave up
 * @param request    the queued call, as it was accepted: replay queues it again
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeadLetter(
        long sequence,
        String callId,
        String function,
        int attempts,
        int statusCode,
        String reason,
        Instant deadAt,
        QueueRequest request) {

    public DeadLetter withSequence(long sequence) {
        return new DeadLetter(sequence, callId, function, attempts, statusCode, reason, deadAt, request);
    }
}

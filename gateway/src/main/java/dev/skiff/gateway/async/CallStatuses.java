package dev.skiff.gateway.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Json;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.QueueRequest;
import io.nats.client.JetStreamApiException;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The status bucket: the gateway writes {@code queued}, the queue worker everything after (as
 * {@link CallStatus} JSON).
 *
 * <p>{@code queued} is written on every accepted call, so it is the cheapest message that says it: an empty
 * value whose NATS headers carry the function and the time (no JSON to encode). Encoding a
 * {@code CallStatus} with Jackson was ~10% of the gateway's Java CPU per accepted call in JFR.
 */
public final class CallStatuses {
    private static final String STATE = "Skiff-Call-State";
    private static final String FUNCTION = "Skiff-Function";
    private static final String QUEUED_AT = "Skiff-Queued-At";
    private static final String QUEUED = "queued";
    private static final int NO_MESSAGE_FOUND = 10037;

    private final JetStreamQueue queue;

    public CallStatuses(JetStreamQueue queue) {
        this.queue = queue;
    }

    /** The call's latest state, or empty when unknown or older than the status window. */
    public Optional<CallStatus> get(String callId) {
        var names = queue.config().names();
        try {
            var message = queue.management().getLastMessage("KV_" + names.statusBucket(), names.statusSubject(callId));
            var data = message.getData();
            if (data != null && data.length > 0) {
                return Optional.of(Json.mapper().readValue(data, CallStatus.class));
            }
            var headers = message.getHeaders();
            if (headers != null && QUEUED.equals(headers.getFirst(STATE))) {
                return Optional.of(CallStatus.queued(callId, headers.getFirst(FUNCTION),
                        Instant.EPOCH.plusNanos(Long.parseLong(headers.getFirst(QUEUED_AT)))));
            }
            return Optional.empty();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw new QueueUnavailableException("cannot read the status of call " + callId + ": " + e.getMessage(), e);
        } catch (IOException | NumberFormatException e) {
            throw new QueueUnavailableException("cannot read the status of call " + callId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records {@code queued} without waiting for an answer (the call is already safely stored), and only
     * if no worker has written a later state first: the bucket's subject must still be empty.
     */
    void markQueued(QueueRequest request) {
        var headers = new Headers()
                .put("Nats-Expected-Last-Subject-Sequence", "0")
                .put(STATE, QUEUED)
                .put(FUNCTION, request.function())
                .put(QUEUED_AT, String.valueOf(request.queuedAt()));
        publish(request.callId(), headers, new byte[0]);
    }

    /** Overwrites the status, as a replay does. */
    void put(CallStatus status) {
        try {
            publish(status.callId(), null, Json.mapper().writeValueAsBytes(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a call status", e);
        }
    }

    private void publish(String callId, Headers headers, byte[] data) {
        try {
            queue.connection().publish(queue.config().names().statusSubject(callId), headers, data);
        } catch (RuntimeException e) {
            // The call itself is stored; only this status line is missing until the worker writes one.
        }
    }
}

package dev.skiff.gateway.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Json;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.QueueNames;
import dev.skiff.api.async.QueueRequest;
import io.nats.client.JetStreamApiException;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The status bucket: the gateway writes {@code queued}, the queue worker everything after. */
public final class CallStatuses {
    private final JetStreamQueue queue;

    public CallStatuses(JetStreamQueue queue) {
        this.queue = queue;
    }

    /** The call's latest state, or empty when unknown or older than the status window. */
    public Optional<CallStatus> get(String callId) {
        try {
            var entry = queue.statusBucket().get(QueueNames.statusKey(callId));
            if (entry == null || entry.getValue() == null || entry.getValue().length == 0) {
                return Optional.empty();
            }
            return Optional.of(Json.mapper().readValue(entry.getValue(), CallStatus.class));
        } catch (IOException | JetStreamApiException e) {
            throw new QueueUnavailableException("cannot read the status of call " + callId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records {@code queued} without waiting for an answer (the call is already safely stored), and only
     * if no worker has written a later state first: the bucket's subject must still be empty.
     */
    void markQueued(QueueRequest request) {
        var status = CallStatus.queued(request.callId(), request.function(),
                Instant.EPOCH.plusNanos(request.queuedAt()));
        write(request.callId(), status, true);
    }

    /** Overwrites the status, as a replay does. */
    void put(CallStatus status) {
        write(status.callId(), status, false);
    }

    private void write(String callId, CallStatus status, boolean onlyIfAbsent) {
        try {
            var headers = new Headers();
            if (onlyIfAbsent) {
                headers.put("Nats-Expected-Last-Subject-Sequence", "0");
            }
            queue.connection().publish(queue.config().names().statusSubject(callId), headers, Json.mapper().writeValueAsBytes(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a call status", e);
        } catch (RuntimeException e) {
            // The call itself is stored; only its first status line is missing until the worker writes one.
        }
    }
}

package dev.skiff.queueworker.outcome;

import dev.skiff.api.Json;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.QueueNames;
import io.nats.client.Connection;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes call statuses to the status bucket. A status that cannot be written is logged and skipped: the
 * status is a view of the call, and must never hold the call itself up or fail it.
 *
 * <p>A status is published on the bucket's subject without waiting for JetStream's ack (as the gateway
 * writes {@code queued}): two acked key-value puts per call, plus the stream lookup that making a
 * {@code KeyValue} costs, were most of a call's NATS round trips. Statuses of one call leave this one
 * connection in order, so the bucket keeps the last.
 */
public final class StatusWriter {
    private static final Logger LOG = Logger.getLogger(StatusWriter.class.getName());

    private final Connection connection;
    private final QueueNames names;

    public StatusWriter(Connection connection, QueueNames names) {
        this.connection = connection;
        this.names = names;
    }

    public void write(CallStatus status) {
        try {
            connection.publish(names.statusSubject(status.callId()),
                    Json.mapper().writeValueAsBytes(status));
        } catch (Exception e) {
            LOG.log(Level.FINE, "status of call " + status.callId() + " not written", e);
        }
    }
}

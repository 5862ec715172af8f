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
            connection.keyValue(names.statusBucket()).put(QueueNames.statusKey(status.callId()),
                    Json.mapper().writeValueAsBytes(status));
        } catch (Exception e) {
            LOG.log(Level.FINE, "status of call " + status.callId() + " not written", e);
        }
    }
}

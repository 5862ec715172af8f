package dev.skiff.queueworker.outcome;

import dev.skiff.api.Json;
import dev.skiff.api.async.DeadLetter;
import dev.skiff.api.async.QueueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import java.io.IOException;

/** Stores a call whose every try failed in the dead-letter stream, confirmed before the call is acked. */
public final class DeadLetterWriter {
    private final Connection connection;
    private final QueueNames names;

    public DeadLetterWriter(Connection connection, QueueNames names) {
        this.connection = connection;
        this.names = names;
    }

    /**
     * Throws when the stream did not confirm: the caller then leaves the call queued to try again.
     *
     * @param queuedSequence the call's sequence in the work queue: a call dead-lettered twice from one
     *                       queued message (a worker died between the two steps) is one dead letter, while
     *                       a replayed call, queued anew, can become a dead letter again
     */
    public void write(DeadLetter letter, long queuedSequence) throws IOException, JetStreamApiException {
        var options = PublishOptions.builder().messageId("dead-" + letter.callId() + "-" + queuedSequence)
                .expectedStream(names.deadLetterStream()).build();
        connection.jetStream().publish(names.deadLetterSubject(letter.function()),
                Json.mapper().writeValueAsBytes(letter), options);
    }
}

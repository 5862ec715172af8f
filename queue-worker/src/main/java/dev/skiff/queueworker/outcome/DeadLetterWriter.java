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

    /** Throws when the stream did not confirm: the caller then leaves the call queued to try again. */
    public void write(DeadLetter letter) throws IOException, JetStreamApiException {
        // The message id makes a redelivered call that is dead-lettered twice (a worker died between the
        // two steps) one dead letter.
        var options = PublishOptions.builder().messageId("dead-" + letter.callId() + "-" + letter.attempts())
                .expectedStream(names.deadLetterStream()).build();
        connection.jetStream().publish(names.deadLetterSubject(letter.function()),
                Json.mapper().writeValueAsBytes(letter), options);
    }
}

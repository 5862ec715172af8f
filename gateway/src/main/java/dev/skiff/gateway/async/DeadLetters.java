package dev.skiff.gateway.async;

import dev.skiff.api.Json;
import dev.skiff.api.async.CallStatus;
import dev.skiff.api.async.DeadLetter;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.PurgeOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter stream, read and tidied through the gateway: list, replay (queue the call again, then
 * remove the dead letter), purge. The queue worker writes to it.
 */
public final class DeadLetters {
    private static final int NO_MESSAGE = 10037;
    /** A list answer holds at most this many; replay or purge, then list again for more. */
    public static final int MAX_LISTED = 1000;

    private final JetStreamQueue queue;
    private final CallStatuses statuses;

    public DeadLetters(JetStreamQueue queue, CallStatuses statuses) {
        this.queue = queue;
        this.statuses = statuses;
    }

    /** Oldest first; {@code function} empty for all. */
    public List<DeadLetter> list(Optional<String> function) {
        var names = queue.config().names();
        var management = queue.management();
        var letters = new ArrayList<DeadLetter>();
        try {
            var state = management.getStreamInfo(names.deadLetterStream()).getStreamState();
            for (long seq = state.getFirstSequence(); seq <= state.getLastSequence() && seq > 0
                    && letters.size() < MAX_LISTED; seq++) {
                var letter = read(seq);
                if (letter.isPresent() && function.map(f -> f.equals(letter.get().function())).orElse(true)) {
                    letters.add(letter.get());
                }
            }
            return letters;
        } catch (IOException | JetStreamApiException e) {
            throw new QueueUnavailableException("cannot read the dead letters: " + e.getMessage(), e);
        }
    }

    /** Queues one dead letter again and removes it. */
    public int replay(long sequence) {
        var letter = read(sequence).orElseThrow(() -> new DeadLetterNotFoundException(sequence));
        var names = queue.config().names();
        var request = letter.request();
        try {
            // A message id of its own: the original id may still be inside the de-duplication window, and
            // a second replay of the same letter within it is dropped rather than run twice.
            var options = PublishOptions.builder().messageId(request.callId() + "-replay-" + sequence)
                    .expectedStream(names.stream()).build();
            queue.jetStream().publish(names.subject(request.queueName(), request.function()),
                    Json.mapper().writeValueAsBytes(request), options);
            statuses.put(CallStatus.queued(request.callId(), request.function(), Instant.now()));
            queue.management().deleteMessage(names.deadLetterStream(), sequence);
            return 1;
        } catch (IOException | JetStreamApiException e) {
            throw new QueueUnavailableException("cannot replay dead letter " + sequence + ": " + e.getMessage(), e);
        }
    }

    /** Replays every dead letter (or one function's); returns how many. */
    public int replayAll(Optional<String> function) {
        int count = 0;
        for (var letter : list(function)) {
            count += replay(letter.sequence());
        }
        return count;
    }

    /** Removes one dead letter for good. */
    public int delete(long sequence) {
        read(sequence).orElseThrow(() -> new DeadLetterNotFoundException(sequence));
        try {
            queue.management().deleteMessage(queue.config().names().deadLetterStream(), sequence);
            return 1;
        } catch (IOException | JetStreamApiException e) {
            throw new QueueUnavailableException("cannot delete dead letter " + sequence + ": " + e.getMessage(), e);
        }
    }

    /** Removes every dead letter (or one function's) for good; returns how many. */
    public int purge(Optional<String> function) {
        var names = queue.config().names();
        try {
            var response = function.isPresent()
                    ? queue.management().purgeStream(names.deadLetterStream(),
                            PurgeOptions.subject(names.deadLetterSubject(function.get())))
                    : queue.management().purgeStream(names.deadLetterStream());
            return (int) response.getPurged();
        } catch (IOException | JetStreamApiException e) {
            throw new QueueUnavailableException("cannot purge the dead letters: " + e.getMessage(), e);
        }
    }

    private Optional<DeadLetter> read(long sequence) {
        try {
            var message = queue.management().getMessage(queue.config().names().deadLetterStream(), sequence);
            return Optional.of(Json.mapper().readValue(message.getData(), DeadLetter.class).withSequence(sequence));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return Optional.empty();
            }
            throw new QueueUnavailableException("cannot read dead letter " + sequence + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new QueueUnavailableException("cannot read dead letter " + sequence + ": " + e.getMessage(), e);
        }
    }
}

package dev.skiff.gateway.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Json;
import dev.skiff.api.async.AsyncAnnotations;
import dev.skiff.api.async.QueueNames;
import dev.skiff.api.async.QueueRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Queues one call: one JSON message on the function's queue subject, confirmed stored by JetStream
 * before this returns. Counts {@code gateway_async_queued_total} per function.
 */
public final class AsyncPublisher {
    private final JetStreamQueue queue;
    private final FunctionCatalog catalog;
    private final CallStatuses statuses;
    private final MeterRegistry registry;
    private final String namespace;
    private final ConcurrentHashMap<String, Counter> queued = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Destination> destinations = new ConcurrentHashMap<>();

    public AsyncPublisher(JetStreamQueue queue, FunctionCatalog catalog, CallStatuses statuses, MeterRegistry registry,
                          String namespace) {
        this.queue = queue;
        this.catalog = catalog;
        this.statuses = statuses;
        this.registry = registry;
        this.namespace = namespace;
    }

    public AsyncConfig config() {
        return queue.config();
    }

    /**
     * Where a function's calls go: the annotations the worker needs and the queue. Derived once per answer
     * of the catalog (which keeps each function's annotations for a moment), not once per call.
     */
    record Destination(Map<String, String> source, Map<String, String> annotations, String queue, String error) {
    }

    /**
     * The function's worker annotations and queue; {@code FunctionNotFoundException} for an unknown function,
     * {@link InvalidCallException} when its queue annotation is no queue name.
     */
    Destination destination(String function) {
        var annotations = catalog.annotations(function);
        var known = destinations.get(function);
        if (known == null || known.source() != annotations) {
            known = destinationOf(annotations);
            destinations.put(function, known);
        }
        if (known.error() != null) {
            throw new InvalidCallException(known.error());
        }
        return known;
    }

    /** Whether {@link #destination} would answer from memory, without asking the provider. */
    boolean destinationIsFresh(String function) {
        return catalog.isFresh(function);
    }

    private static Destination destinationOf(Map<String, String> annotations) {
        var forWorker = annotations.entrySet().stream()
                .filter(e -> AsyncAnnotations.isForWorker(e.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        var queue = forWorker.getOrDefault(AsyncAnnotations.QUEUE, "").strip();
        if (queue.isEmpty()) {
            return new Destination(annotations, forWorker, QueueNames.DEFAULT_QUEUE, null);
        }
        if (!QueueNames.isToken(queue)) {
            return new Destination(annotations, forWorker, null, "annotation " + AsyncAnnotations.QUEUE + "=" + queue
                    + " is not a queue name: use letters, digits, - and _ only, and redeploy the function");
        }
        return new Destination(annotations, forWorker, queue, null);
    }

    /**
     * Stores the call and returns whether it was new ({@code false}: the same message id was stored within
     * the de-duplication window, and this copy was dropped).
     *
     * @param messageId the {@code X-Idempotency-Key}, or the call id
     */
    public boolean publish(QueueRequest request, String messageId) {
        return AsyncCalls.await(publishAsync(request, messageId));
    }

    /**
     * Sends the call to JetStream and returns at once; the future completes, on the NATS client's thread, once
     * JetStream stored it ({@code true}) or dropped it as a duplicate within the window ({@code false}), or
     * fails with {@link QueueUnavailableException} (no ack within the publish timeout, NATS away). Encoding
     * errors and {@link CallTooLargeException} are thrown before anything is sent. No thread waits for the
     * ack: the front answers from the callback.
     */
    public CompletableFuture<Boolean> publishAsync(QueueRequest request, String messageId) {
        byte[] data;
        try {
            data = Json.mapper().writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the queued call", e);
        }
        var connection = queue.connection();
        if (data.length > connection.getMaxPayload()) {
            throw new CallTooLargeException("the queued call would be " + data.length + " bytes (body "
                    + request.body().length + " bytes, base64 in the message), over NATS's max_payload of "
                    + connection.getMaxPayload() + " bytes: send a smaller body, or raise max_payload in nats-server");
        }
        var names = queue.config().names();
        var options = PublishOptions.builder().messageId(messageId).expectedStream(names.stream()).build();
        CompletableFuture<PublishAck> ack;
        try {
            ack = queue.jetStream().publishAsync(names.subject(request.queueName(), request.function()), data, options);
        } catch (IllegalStateException e) {
            throw unavailable(e);
        }
        return ack.handle((stored, error) -> {
            if (error != null) {
                throw unavailable(AsyncCalls.cause(error));
            }
            if (!stored.isDuplicate()) {
                statuses.markQueued(request);
                counter(request.function()).increment();
            }
            return !stored.isDuplicate();
        });
    }

    private static QueueUnavailableException unavailable(Throwable e) {
        // A cancelled future is the NATS client's request clean-up: no ack within the publish timeout.
        var why = e instanceof CancellationException ? "no answer within the publish timeout" : e.getMessage();
        return new QueueUnavailableException("the queue did not confirm the call was stored (" + why
                + "); it was not queued: try again", e);
    }

    private Counter counter(String function) {
        return queued.computeIfAbsent(function, name -> Counter.builder("gateway.async.queued")
                .description("Asynchronous calls stored in the queue")
                .tag("function_name", name + "." + namespace)
                .register(registry));
    }
}

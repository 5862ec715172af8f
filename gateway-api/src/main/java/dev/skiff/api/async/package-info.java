/**
 * Asynchronous calls: the message the gateway queues on NATS JetStream ({@link QueueRequest}), what
 * {@code GET /async-status/{id}} answers ({@link CallStatus}), the dead letters the queue worker keeps
 * ({@link DeadLetter}), and the names both sides agree on ({@link QueueNames}, {@link AsyncAnnotations}).
 */
package dev.skiff.api.async;

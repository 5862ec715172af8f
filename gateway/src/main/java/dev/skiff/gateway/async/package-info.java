/**
 * Asynchronous calls on the gateway's side: the NATS JetStream connection and the streams it keeps
 * ({@link dev.skiff.gateway.async.JetStreamQueue}), publishing one message per call
 * ({@link dev.skiff.gateway.async.AsyncPublisher}), the call statuses ({@link dev.skiff.gateway.async.CallStatuses})
 * and the dead letters ({@link dev.skiff.gateway.async.DeadLetters}). The queue worker consumes what is
 * published here; the names both use are {@link dev.skiff.api.async.QueueNames}.
 *
 * <pre>
 * var config = AsyncConfig.fromEnv(System.getenv());
 * var queue = JetStreamQueue.connect(config);          // returns at once; connects and reconnects in the background
 * var publisher = new AsyncPublisher(queue, config, new FunctionCatalog(provider::get), registry);
 * </pre>
 */
package dev.skiff.gateway.async;

/**
 * Taking calls off the queue and running them: one durable pull consumer per queue shared by all worker
 * replicas ({@link dev.skiff.queueworker.consume.QueueConsumers}), one call at a time from message to ack
 * ({@link dev.skiff.queueworker.consume.CallHandler}), retries as delayed redeliveries
 * ({@link dev.skiff.queueworker.consume.RetryPolicy}) and concurrency limits
 * ({@link dev.skiff.queueworker.consume.ConcurrencyLimits}).
 */
package dev.skiff.queueworker.consume;

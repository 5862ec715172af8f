/**
 * The queue worker: takes queued calls off NATS JetStream, calls the functions through the gateway,
 * posts results to callback URLs, retries, dead-letters. {@link dev.skiff.queueworker.Main} wires it.
 */
package dev.skiff.queueworker;

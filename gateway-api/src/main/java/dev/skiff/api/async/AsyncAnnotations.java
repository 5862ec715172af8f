package dev.skiff.api.async;

/** Function annotations that steer its asynchronous calls. */
public final class AsyncAnnotations {
    /** The named queue the function's calls go on (its own subject and worker consumer); {@code default} if unset. */
    public static final String QUEUE = "com.openfaas.queue";
    /** How many times a call is tried in all before it is dead-lettered; the worker's default if unset. */
    public static final String RETRY_ATTEMPTS = "com.openfaas.retry.attempts";
    /** How many calls of this function one worker runs at once; the worker's default if unset. */
    public static final String MAX_INFLIGHT = "com.skiff.queue.max_inflight";

    private AsyncAnnotations() {
    }

    /** Whether the annotation is one the queue worker reads, so that the gateway passes it in the message. */
    public static boolean isForWorker(String name) {
        return name.equals(QUEUE) || name.equals(RETRY_ATTEMPTS) || name.equals(MAX_INFLIGHT);
    }
}

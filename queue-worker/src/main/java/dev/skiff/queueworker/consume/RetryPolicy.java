package dev.skiff.queueworker.consume;

import dev.skiff.api.async.AsyncAnnotations;
import dev.skiff.api.async.QueueRequest;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * How often a call is tried and how long to wait between tries: exponential backoff with jitter
 * (Resilience4j's interval function), carried out as a delayed JetStream redelivery, so that a retry
 * survives the worker that scheduled it. The try number is the message's delivery count.
 *
 * <p>An answer that says the function has no room now (see {@code FunctionAnswer.noCapacity}) is not a
 * failed try: the call waits for capacity in place, its message kept with progress acks, up to
 * {@code capacity_wait}; only a try still without room then counts and is redelivered later.
 */
public final class RetryPolicy {
    /** The first wait for capacity: short, as the function's limit was just halved and room comes back soon. */
    private static final Duration FIRST_CAPACITY_WAIT = Duration.ofMillis(100);

    private final int defaultAttempts;
    private final IntervalFunction backoff;
    private final IntervalFunction capacityBackoff;
    private final Duration capacityWait;

    /** @param capacityWait how long one try may wait for a function that has no room before it counts as failed */
    public RetryPolicy(int defaultAttempts, Duration minWait, Duration maxWait, Duration capacityWait) {
        this.defaultAttempts = defaultAttempts;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(minWait, 2.0, 0.5, maxWait);
        var firstCapacityWait = FIRST_CAPACITY_WAIT.compareTo(maxWait) < 0 ? FIRST_CAPACITY_WAIT : maxWait;
        this.capacityBackoff = IntervalFunction.ofExponentialRandomBackoff(firstCapacityWait, 2.0, 0.5, maxWait);
        this.capacityWait = capacityWait;
    }

    /** The longest one try waits for a function with no room ({@code capacity_wait}). */
    public Duration capacityWait() {
        return capacityWait;
    }

    /** The wait before asking a function that had no room again, after {@code waits} such answers. */
    public Duration capacityDelayAfter(int waits) {
        return Duration.ofMillis(capacityBackoff.apply(Math.max(1, waits)));
    }

    /** Tries in all: the function's {@code com.openfaas.retry.attempts}, else the worker's default. */
    public int attempts(QueueRequest request) {
        var value = request.annotations().get(AsyncAnnotations.RETRY_ATTEMPTS);
        if (value != null) {
            try {
                int attempts = Integer.parseInt(value.strip());
                if (attempts >= 1) {
                    return attempts;
                }
            } catch (NumberFormatException e) {
                // a bad annotation falls back to the default below
            }
        }
        return defaultAttempts;
    }

    /** The wait before try {@code attempt + 1}. */
    public Duration delayAfter(int attempt) {
        return Duration.ofMillis(backoff.apply(Math.max(1, attempt)));
    }
}

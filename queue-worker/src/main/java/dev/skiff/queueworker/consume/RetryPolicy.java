package dev.skiff.queueworker.consume;

import dev.skiff.api.async.AsyncAnnotations;
import dev.skiff.api.async.QueueRequest;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * How often a call is tried and how long to wait between tries: exponential backoff with jitter
 * (Resilience4j's interval function), carried out as a delayed JetStream redelivery, so that a retry
 * survives the worker that scheduled it. The try number is the message's delivery count.
 */
public final class RetryPolicy {
    private final int defaultAttempts;
    private final IntervalFunction backoff;

    public RetryPolicy(int defaultAttempts, Duration minWait, Duration maxWait) {
        this.defaultAttempts = defaultAttempts;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(minWait, 2.0, 0.5, maxWait);
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

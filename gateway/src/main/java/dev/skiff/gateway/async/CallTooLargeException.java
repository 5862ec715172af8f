package dev.skiff.gateway.async;

/** A call too large to queue: 413. */
public final class CallTooLargeException extends RuntimeException {
    public CallTooLargeException(String message) {
        super(message);
    }
}

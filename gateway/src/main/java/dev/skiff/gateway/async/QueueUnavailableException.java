package dev.skiff.gateway.async;

/** The queue could not confirm a message was stored: the caller gets 503 and should try again. */
public final class QueueUnavailableException extends RuntimeException {
    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.skiff.gateway.async;

/** An async call that can never be queued as sent (a bad callback URL, a bad queue annotation): 400. */
public final class InvalidCallException extends RuntimeException {
    public InvalidCallException(String message) {
        super(message);
    }
}

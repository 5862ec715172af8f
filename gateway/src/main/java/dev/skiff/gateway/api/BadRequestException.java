package dev.skiff.gateway.api;

/** The request cannot be read: the message says what to send instead. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}

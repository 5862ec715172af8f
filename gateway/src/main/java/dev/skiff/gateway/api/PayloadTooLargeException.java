package dev.skiff.gateway.api;

/** A {@code /system/*} request body over {@code system_body_limit}: 413. */
final class PayloadTooLargeException extends RuntimeException {
    PayloadTooLargeException(String message) {
        super(message);
    }
}

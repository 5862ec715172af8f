package dev.skiff.gateway.provider;

/** The secret cannot be created or removed in its present state: it exists already, or is in use. */
public class SecretConflictException extends RuntimeException {
    public SecretConflictException(String message) {
        super(message);
    }
}

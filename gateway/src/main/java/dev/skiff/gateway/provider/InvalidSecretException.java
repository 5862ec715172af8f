package dev.skiff.gateway.provider;

/** The secret request is wrong (a bad name, no value): the message says what to change. */
public class InvalidSecretException extends RuntimeException {
    public InvalidSecretException(String message) {
        super(message);
    }
}

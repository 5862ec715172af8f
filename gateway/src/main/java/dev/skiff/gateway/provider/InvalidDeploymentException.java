package dev.skiff.gateway.provider;

/** The deployment cannot be carried out as asked: the message says what to change. */
public class InvalidDeploymentException extends RuntimeException {
    public InvalidDeploymentException(String message) {
        super(message);
    }
}

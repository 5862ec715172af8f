package dev.skiff.gateway.provider;

/** The backend (Docker, swarm) failed: not the caller's fault. */
public class ProviderException extends RuntimeException {
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}

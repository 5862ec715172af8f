package dev.skiff.gateway.async;

/** No dead letter has that sequence (replayed, purged, or never there): 404. */
public final class DeadLetterNotFoundException extends RuntimeException {
    public DeadLetterNotFoundException(long sequence) {
        super("no dead letter with sequence " + sequence + ": list them with GET /system/dead-letters");
    }
}

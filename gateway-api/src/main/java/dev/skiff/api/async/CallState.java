package dev.skiff.api.async;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a queued call is. */
public enum CallState {
    /** Stored in the queue, not yet taken by a worker. */
    QUEUED("queued"),
    /** A worker is calling the function. */
    RUNNING("running"),
    /** The function answered 429/502/503/504 or could not be reached; another try is scheduled. */
    RETRYING("retrying"),
    /** The function answered (any status but a retried one) and the callback, if any, was attempted. */
    DONE("done"),
    /** Every try failed: the call is in the dead-letter stream. */
    DEAD_LETTERED("dead-lettered");

    private final String wire;

    CallState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}

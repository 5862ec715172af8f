package dev.skiff.gateway.proxy;

import java.time.Duration;

/** A function at zero was woken for a call but no replica became ready within the wait; answered with 503. */
public final class WakeTimeoutException extends RuntimeException {
    public WakeTimeoutException(String function, Duration limit) {
        super("function " + function + " was at zero and no replica became ready within " + limit.toMillis()
                + " ms; see GET /system/function/" + function + " for why (reason), or raise scale_wake_timeout");
    }
}

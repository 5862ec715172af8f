package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;

/** How commands tell a failure of one function apart from a failure of the whole gateway. */
final class GatewayErrors {
    private GatewayErrors() {
    }

    /**
     * True when no further call to the same gateway can succeed: it is unreachable (status 0) or
     * rejects our credentials (401). A command then stops instead of repeating the error per function.
     */
    static boolean affectsEveryCall(GatewayException e) {
        return e.status() == 0 || e.status() == 401;
    }
}

package dev.skiff.gateway.api;

/** A {@code /system/logs} query with a bad parameter: 422, as the OpenFaaS provider answers. */
final class UnparsableLogRequestException extends RuntimeException {
    UnparsableLogRequestException(String detail) {
        super("could not parse the log request: " + detail);
    }
}

package dev.skiff.function;

/**
 * A Java function: one call in, one answer out. Implementations must be thread-safe; the runtime calls
 * {@link #handle} concurrently, one virtual thread per request.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}

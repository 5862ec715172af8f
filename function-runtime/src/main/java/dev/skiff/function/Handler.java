package dev.skiff.function;

/**
 * A Java function: one call in, one answer out.
 *
 * <pre>{@code
 * public final class Greet implements Handler {
 *     public Response handle(Request request) {
 *         return Response.ok("Hello, " + request.bodyAsString());
 *     }
 * }
 * }</pre>
 *
 * <p>The runtime (the watchdog's inproc mode, or {@code runtime.HttpMain}) creates one instance with the
 * public no-argument constructor, which may read settings through {@link Context#current()}, and calls
 * {@link #handle} concurrently, one virtual thread per request: implementations must be thread-safe. An exception becomes a 500 answer with its message, and
 * is logged.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Answers one call.
     *
     * @param request the call
     * @return the answer; never null
     * @throws Exception any failure, answered with status 500
     */
    Response handle(Request request) throws Exception;
}

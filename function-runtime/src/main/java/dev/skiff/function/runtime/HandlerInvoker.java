package dev.skiff.function.runtime;

import dev.skiff.function.Handler;
import dev.skiff.function.Request;
import dev.skiff.function.Response;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls a handler and turns what goes wrong into an answer: an {@link IllegalArgumentException} (such as
 * a body that is not the expected JSON) is the caller's fault, 400; any other exception, or a null
 * answer, is 500. The message goes into the body and the log, the stack trace only into the log.
 */
public final class HandlerInvoker {
    private static final Logger LOG = Logger.getLogger(HandlerInvoker.class.getName());

    private final Handler handler;

    /** @param handler the function */
    public HandlerInvoker(Handler handler) {
        this.handler = handler;
    }

    /** Answers one call; never throws (except for {@link Error}s). */
    public Response invoke(Request request) {
        try {
            var response = handler.handle(request);
            if (response == null) {
                LOG.severe(handler.getClass().getName() + " returned null for " + request.method() + " " + request.path());
                return Response.builder().status(500).body("the function returned no response\n").build();
            }
            return response;
        } catch (IllegalArgumentException e) {
            return Response.builder().status(400).body(e.getMessage() + "\n").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.builder().status(500).body("interrupted\n").build();
        } catch (Exception e) {
            LOG.log(Level.SEVERE, handler.getClass().getName() + " failed on " + request.method() + " " + request.path(), e);
            return Response.builder().status(500).body(e + "\n").build();
        }
    }
}

package dev.skiff.watchdog.function;

import java.io.IOException;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Runs the function for one call: reads the request, answers the response. Implemented by each mode
 * (fork.StreamingRunner, fork.SerializingRunner, upstream.HttpProxy); called on the request's virtual
 * thread, so implementations block freely.
 */
public interface FunctionRunner {

    void run(ServerRequest request, ServerResponse response) throws IOException;
}

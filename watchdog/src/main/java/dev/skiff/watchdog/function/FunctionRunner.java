package dev.skiff.watchdog.function;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;

/**
 * Runs the function for one call: reads the request, answers the response. Implemented by each mode
 * (fork.StreamingRunner, fork.SerializingRunner, upstream.HttpProxy, files.StaticFiles,
 * inproc.InprocRunner); called on the call's virtual thread, so implementations block freely. The
 * caller closes the exchange.
 */
public interface FunctionRunner {

    void run(HttpExchange exchange) throws IOException;
}

package com.example;

import dev.skiff.function.Context;
import dev.skiff.function.Request;
import dev.skiff.function.Response;

/**
 * The function: answers each call. The runtime creates it once (with this constructor) and calls
 * {@link #handle} concurrently, so keep it thread-safe.
 */
public final class Handler implements dev.skiff.function.Handler {
    private final String greeting;

    public Handler() {
        // environment: of stack.yml; secrets: Context.current().secret("name")
        this.greeting = Context.current().env("GREETING").orElse("Hello");
    }

    @Override
    public Response handle(Request request) {
        var name = request.bodyAsString().strip();
        return Response.ok(greeting + ", " + (name.isEmpty() ? "world" : name) + "\n");
    }
}

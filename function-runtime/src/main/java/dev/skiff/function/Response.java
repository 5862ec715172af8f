package dev.skiff.function;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a function answers.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    response body
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response ok(String body) {
        return new Response(200, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, Map.of("Content-Type", contentType), body);
    }
}

package dev.skiff.function;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call of a function.
 *
 * @param method  HTTP method
 * @param path    what followed the function's name, "/" when nothing
 * @param query   the raw query string, "" when none
 * @param headers header names (lower case) to their values
 * @param body    the request body
 */
public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    public Request {
        headers = Map.copyOf(headers);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        var values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}

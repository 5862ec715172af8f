package dev.skiff.function;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One call of a function, as the gateway forwarded it.
 *
 * @param method  HTTP method, upper case
 * @param path    what followed the function's name in the URL, {@code "/"} when nothing
 * @param query   the raw query string without {@code ?}, {@code ""} when none
 * @param headers header names (lower case) to their values, in the order received
 * @param body    the request body, empty when none
 */
public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    /** Normalises header names to lower case; nulls become empty values. */
    public Request {
        method = method == null || method.isEmpty() ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? "" : query;
        var lowered = new LinkedHashMap<String, List<String>>();
        if (headers != null) {
            headers.forEach((name, values) -> lowered.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(values));
        }
        lowered.replaceAll((name, values) -> List.copyOf(values));
        headers = Map.copyOf(lowered);
        body = body == null ? new byte[0] : body;
    }

    /** A builder, mostly for tests: {@code Request.builder().method("POST").body("hi").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON into {@code type} (a record, a POJO, a {@code Map}...), with Jackson.
     *
     * @throws IllegalArgumentException when the body is not JSON of that shape; the runtime answers 400
     */
    public <T> T bodyAs(Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as a JSON tree; an empty body is a missing node. */
    public JsonNode bodyAsJson() {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON: " + e.getMessage(), e);
        }
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        var values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The first value of a query parameter, decoded. */
    public Optional<String> queryParameter(String name) {
        for (var pair : query.split("&")) {
            int eq = pair.indexOf('=');
            var key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Builds a {@link Request}; defaults: {@code GET /}, no query, no headers, empty body. */
    public static final class Builder {
        private String method = "GET";
        private String path = "/";
        private String query = "";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        private Builder() {
        }

        /** @param method HTTP method */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** @param path path after the function name, e.g. {@code /users/1} */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** @param query raw query string without {@code ?}, e.g. {@code name=a%20b} */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /** Adds a header value. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /** @param body the body as bytes */
        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        /** @param body the body as UTF-8 text */
        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        /** The body as JSON written by Jackson, with {@code Content-Type: application/json}. */
        public Builder json(Object value) {
            try {
                this.body = Json.mapper().writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return header("Content-Type", "application/json");
        }

        public Request build() {
            return new Request(method, path, query, headers, body);
        }
    }
}

package dev.skiff.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a function answers. Build one with {@link #ok(String)}, {@link #json(Object)} or
 * {@link #builder()}:
 *
 * <pre>{@code
 * return Response.builder().status(201).header("Location", "/items/7").json(item).build();
 * }</pre>
 *
 * @param status  HTTP status, 100 to 599
 * @param headers response headers, one value each
 * @param body    response body
 */
public record Response(int status, Map<String, String> headers, byte[] body) {
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    /** Checks the status; null headers or body become empty. */
    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status (100-599)");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** 200 with a UTF-8 text body. */
    public static Response ok(String body) {
        return builder().body(body).build();
    }

    /** 200 with {@code value} written as JSON by Jackson. */
    public static Response json(Object value) {
        return builder().json(value).build();
    }

    /** An answer with a status, a Content-Type and a body. */
    public static Response of(int status, String contentType, byte[] body) {
        return builder().status(status).header(CONTENT_TYPE, contentType).body(body).build();
    }

    /** A builder; defaults: status 200, no headers, empty body. */
    public static Builder builder() {
        return new Builder();
    }

    /** The body decoded as UTF-8 (handy in tests). */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Builds a {@link Response}. */
    public static final class Builder {
        private int status = 200;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        private Builder() {
        }

        /** @param status HTTP status, 100 to 599 */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /** Sets a header, replacing an earlier value of the same name. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The body as bytes; no Content-Type is implied. */
        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        /** The body as UTF-8 text, {@code text/plain} unless a Content-Type was set. */
        public Builder body(String text) {
            headers.putIfAbsent(CONTENT_TYPE, TEXT);
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The body as JSON written by Jackson, with {@code Content-Type: application/json}. */
        public Builder json(Object value) {
            try {
                this.body = Json.mapper().writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
            headers.put(CONTENT_TYPE, JSON);
            return this;
        }

        public Response build() {
            return new Response(status, headers, body);
        }
    }
}

package dev.skiff.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.skiff.api.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads request bodies into wire records, no larger than a limit, and writes records as JSON answers.
 * Unknown fields are ignored (as Go's encoding/json does); a field of the wrong type is a 400 naming it.
 */
final class JsonBodies {
    /** How much of a refused body is read and dropped before the 413; a longer one is cut. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final long limit;

    /** @param limit largest body accepted, in bytes ({@code system_body_limit}) */
    JsonBodies(long limit) {
        this.limit = limit;
    }

    /** The body as a {@code type}; {@link BadRequestException} naming the problem if it is not. */
    <T> T read(ServerRequest request, Class<T> type) {
        byte[] body = bytes(request);
        if (body.length == 0) {
            throw new BadRequestException("empty request body: send a " + type.getSimpleName() + " as JSON");
        }
        try {
            return Json.mapper().readValue(body, type);
        } catch (MismatchedInputException e) {
            throw new BadRequestException("wrong type for " + field(e) + " in " + type.getSimpleName() + ": "
                    + e.getOriginalMessage().replaceAll("\\s*\\n.*", "") + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadRequestException("cannot read the request body: " + e.getMessage());
        }
    }

    /** The whole body, refused with 413 past the limit: by its Content-Length at once, else while reading. */
    private byte[] bytes(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        long declared = request.headers().first(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(-1L);
        try (var in = request.content().inputStream()) {
            if (declared > limit) {
                throw tooLarge(in);
            }
            var body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) {
                throw tooLarge(in);
            }
            return body;
        } catch (IOException e) {
            throw new BadRequestException("cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * The 413, after the rest of the body was read and dropped (up to {@link #DRAIN_LIMIT}): a server that
     * answers and closes while the caller still sends resets the connection, and the caller, or the front
     * relaying to this server, loses the answer ("no bytes").
     */
    private PayloadTooLargeException tooLarge(InputStream rest) throws IOException {
        var buffer = new byte[8192];
        long left = DRAIN_LIMIT;
        int read;
        while (left > 0 && (read = rest.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= read;
        }
        return tooLarge();
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("request body too large: /system/* accepts at most " + limit
                + " bytes (system_body_limit)");
    }

    private static String field(JsonMappingException e) {
        var path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the body" : "field \"" + path.replace(".[", "[") + "\"";
    }

    static void write(ServerResponse response, Object body) {
        try {
            response.header(HeaderValues.CONTENT_TYPE_JSON).send(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}

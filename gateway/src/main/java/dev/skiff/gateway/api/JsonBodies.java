package dev.skiff.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Json;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;

/** Reads request bodies into wire records and writes records as JSON answers. */
final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as a {@code type}; {@link BadRequestException} naming the problem if it is not. */
    static <T> T read(ServerRequest request, Class<T> type) {
        byte[] body = request.content().hasEntity() ? request.content().as(byte[].class) : new byte[0];
        if (body.length == 0) {
            throw new BadRequestException("empty request body: send a " + type.getSimpleName() + " as JSON");
        }
        try {
            return Json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadRequestException("cannot read the request body: " + e.getMessage());
        }
    }

    static void write(ServerResponse response, Object body) {
        try {
            response.header(HeaderValues.CONTENT_TYPE_JSON).send(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}

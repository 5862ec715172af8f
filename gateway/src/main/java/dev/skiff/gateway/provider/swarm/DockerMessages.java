package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.exception.DockerException;
import dev.skiff.api.Json;

/** Docker's own sentence from a docker-java exception ("Status 409: {"message":"..."}"). */
final class DockerMessages {
    private DockerMessages() {
    }

    static String of(DockerException e) {
        var message = e.getMessage() == null ? e.toString() : e.getMessage();
        int json = message.indexOf('{');
        if (json >= 0) {
            try {
                var text = Json.mapper().readTree(message.substring(json)).path("message").asText("");
                if (!text.isBlank()) {
                    return text;
                }
            } catch (JsonProcessingException ignored) {
                // not Docker's JSON error body: keep the whole message
            }
        }
        return message.strip();
    }
}

package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skiff.api.Json;
import dev.skiff.gateway.provider.ProviderException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Lists swarm tasks through Docker's HTTP API, with the fields docker-java's model leaves out. */
final class SwarmTasks {
    private final DockerHttpClient http;

    SwarmTasks(DockerHttpClient http) {
        this.http = http;
    }

    /** Tasks swarm wants running, of every service. */
    List<SwarmTask> desiredRunning() {
        return query("{\"desired-state\":[\"running\"]}");
    }

    /** Every task of one service, whatever its state (for failure reasons). */
    List<SwarmTask> ofService(String serviceName) {
        return query("{\"service\":[\"" + serviceName + "\"]}");
    }

    private List<SwarmTask> query(String filters) {
        var request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8))
                .build();
        try (var response = http.execute(request)) {
            if (response.getStatusCode() != 200) {
                throw new ProviderException("Docker answered " + response.getStatusCode() + " to GET /tasks: "
                        + new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8), null);
            }
            return Json.mapper().readValue(response.getBody(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new ProviderException("cannot list swarm tasks: " + e.getMessage(), e);
        }
    }
}

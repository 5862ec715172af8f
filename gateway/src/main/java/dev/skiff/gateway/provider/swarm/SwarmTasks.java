package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.skiff.api.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Lists swarm tasks through Docker's HTTP API, with the fields docker-java's model leaves out. */
final class SwarmTasks {
    private final DockerConnection docker;

    SwarmTasks(DockerConnection docker) {
        this.docker = docker;
    }

    /**
     * Tasks swarm wants running, of these services (ids or names): Docker filters them, so a swarm shared
     * with other stacks does not send (and the gateway does not parse) their tasks every second.
     */
    List<SwarmTask> desiredRunning(Collection<String> services) {
        if (services.isEmpty()) {
            return List.of();
        }
        return query(Map.of("desired-state", List.of("running"), "service", List.copyOf(services)));
    }

    /** Every task of one service, whatever its state (for failure reasons). */
    List<SwarmTask> ofService(String serviceName) {
        return query(Map.of("service", List.of(serviceName)));
    }

    private List<SwarmTask> query(Map<String, List<String>> filters) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(filters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a task filter: " + e.getMessage(), e);
        }
        return docker.getJson("/tasks?filters=" + URLEncoder.encode(json, StandardCharsets.UTF_8),
                new TypeReference<>() { }, "swarm tasks");
    }
}

package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Lists swarm tasks through Docker's HTTP API, with the fields docker-java's model leaves out. */
final class SwarmTasks {
    private final DockerConnection docker;

    SwarmTasks(DockerConnection docker) {
        this.docker = docker;
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
        return docker.getJson("/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8),
                new TypeReference<>() { }, "swarm tasks");
    }
}

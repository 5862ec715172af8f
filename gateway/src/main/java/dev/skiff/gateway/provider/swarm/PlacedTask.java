package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * A swarm task with where it runs: its node and container, and its address on a network. Read from
 * {@code GET /tasks} for warm zero and CPU stats, which act on the container through its node's agent.
 */
record PlacedTask(
        @JsonProperty("ID") String id,
        @JsonProperty("NodeID") String nodeId,
        @JsonProperty("DesiredState") String desiredState,
        @JsonProperty("Status") Status status,
        @JsonProperty("NetworksAttachments") List<SwarmTask.Attachment> networksAttachments) {

    record Status(@JsonProperty("State") String state,
                  @JsonProperty("ContainerStatus") ContainerStatus containerStatus) {
    }

    record ContainerStatus(@JsonProperty("ContainerID") String containerId) {
    }

    boolean isRunning() {
        return "running".equals(desiredState) && status != null && "running".equals(status.state());
    }

    Optional<String> containerId() {
        return Optional.ofNullable(status).map(Status::containerStatus).map(ContainerStatus::containerId)
                .filter(id -> !id.isBlank());
    }

    Optional<String> addressOn(String network) {
        return new SwarmTask(id, null, desiredState, null, null, networksAttachments).addressOn(network);
    }
}

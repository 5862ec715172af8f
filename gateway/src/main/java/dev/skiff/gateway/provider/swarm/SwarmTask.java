package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A swarm task as Docker's {@code GET /tasks} returns it: only the fields the provider reads. docker-java's
 * own Task model lacks the network attachments, which is where a replica's address is.
 */
record SwarmTask(
        @JsonProperty("ID") String id,
        @JsonProperty("ServiceID") String serviceId,
        @JsonProperty("DesiredState") String desiredState,
        @JsonProperty("Status") Status status,
        @JsonProperty("Spec") Spec spec,
        @JsonProperty("NetworksAttachments") List<Attachment> networksAttachments) {

    record Status(
            @JsonProperty("Timestamp") Instant timestamp,
            @JsonProperty("State") String state,
            @JsonProperty("Message") String message,
            @JsonProperty("Err") String err,
            @JsonProperty("ContainerStatus") ContainerStatus containerStatus) {
    }

    record ContainerStatus(@JsonProperty("ContainerID") String containerId) {
    }

    record Spec(@JsonProperty("ContainerSpec") ContainerSpec containerSpec) {
    }

    record ContainerSpec(@JsonProperty("Labels") Map<String, String> labels) {
    }

    record Attachment(@JsonProperty("Network") Network network, @JsonProperty("Addresses") List<String> addresses) {
    }

    record Network(@JsonProperty("ID") String id, @JsonProperty("Spec") NetworkSpec spec) {
    }

    record NetworkSpec(@JsonProperty("Name") String name) {
    }

    boolean isRunning() {
        return "running".equals(desiredState) && status != null && "running".equals(status.state());
    }

    /** The id of the task's container, once it has one. */
    String containerId() {
        return status == null || status.containerStatus() == null || status.containerStatus().containerId() == null
                ? "" : status.containerStatus().containerId();
    }

    boolean failed() {
        return status != null && status.err() != null && !status.err().isBlank();
    }

    /** The uid label of the spec this task runs, to tell current tasks from ones an update replaces. */
    String uid() {
        if (spec == null || spec.containerSpec() == null || spec.containerSpec().labels() == null) {
            return "";
        }
        return spec.containerSpec().labels().getOrDefault(Labels.UID, "");
    }

    /** The task's address on the named network, without the prefix length, if it is attached to it. */
    java.util.Optional<String> addressOn(String networkName) {
        if (networksAttachments == null) {
            return java.util.Optional.empty();
        }
        return networksAttachments.stream()
                .filter(a -> a.network() != null && a.network().spec() != null
                        && networkName.equals(a.network().spec().name()))
                .flatMap(a -> a.addresses() == null ? java.util.stream.Stream.empty() : a.addresses().stream())
                .map(address -> address.replaceFirst("/\\d+$", ""))
                .findFirst();
    }
}

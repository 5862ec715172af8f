package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code POST /system/scale-function/{name}}; zero replicas is valid. */
public record ScaleServiceRequest(
        String serviceName,
        @JsonInclude(JsonInclude.Include.ALWAYS) long replicas,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace) {
}

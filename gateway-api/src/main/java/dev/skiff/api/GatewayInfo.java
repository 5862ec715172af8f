package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code GET /system/info}. */
public record GatewayInfo(Provider provider, Version version, String arch) {

    /** Which provider answers and on what orchestrator. */
    public record Provider(String provider, String orchestration, Version version) {
    }

    /** A build's identity; {@code commit_message} is left out when empty. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Version(
            @com.fasterxml.jackson.annotation.JsonProperty("commit_message") String commitMessage,
            String sha,
            String release) {
    }
}

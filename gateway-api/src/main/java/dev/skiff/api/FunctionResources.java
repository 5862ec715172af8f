package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Memory and CPU of a function, as the strings the user wrote ("128Mi", "100m", "0.5").
 * The strings are kept and returned unchanged; the provider parses them.
 *
 * @param memory Docker sizes or Kubernetes quantities
 * @param cpu    millicores ("100m") or cores ("0.5")
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FunctionResources(String memory, String cpu) {
    public boolean isEmpty() {
        return (memory == null || memory.isBlank()) && (cpu == null || cpu.isBlank());
    }
}

package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One function as {@code GET /system/functions} and {@code GET /system/function/{name}} report it.
 *
 * @param name              function name (no namespace suffix)
 * @param image             image of the current spec
 * @param namespace         always set
 * @param envProcess        the {@code fprocess} the user asked for
 * @param envVars           only what the user sent
 * @param constraints       only the user's placement constraints
 * @param secrets           in the user's order
 * @param labels            user labels plus {@code faas_function}; always an object
 * @param annotations       always an object
 * @param limits            the user's original strings, or absent
 * @param requests          the user's original strings, or absent
 * @param readOnlyRootFilesystem as deployed
 * @param invocationCount   calls counted by this gateway
 * @param replicas          desired replicas
 * @param availableReplicas running tasks of the current spec
 * @param createdAt         when the function was first deployed
 * @param reason            why replicas are not available (for instance "No such image"); our extension,
 *                          absent when all is well
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FunctionStatus(
        String name,
        String image,
        String namespace,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> annotations,
        FunctionResources limits,
        FunctionResources requests,
        // Go's omitempty drops false; NON_EMPTY alone would keep it.
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnlyRootFilesystem,
        @JsonInclude(JsonInclude.Include.ALWAYS) double invocationCount,
        @JsonInclude(JsonInclude.Include.ALWAYS) long replicas,
        @JsonInclude(JsonInclude.Include.ALWAYS) long availableReplicas,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant createdAt,
        String reason) {

    public FunctionStatus {
        labels = labels == null ? Map.of() : labels;
        annotations = annotations == null ? Map.of() : annotations;
    }

    public FunctionStatus withInvocationCount(double count) {
        return new FunctionStatus(name, image, namespace, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, count, replicas, availableReplicas, createdAt,
                reason);
    }
}

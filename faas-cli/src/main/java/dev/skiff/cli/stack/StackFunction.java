package dev.skiff.cli.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.api.FunctionResources;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code functions:} in a stack file, with faas-cli's key names. Absent lists and maps
 * are empty, never null; so are {@code KEY:} entries without a value.
 *
 * @param lang                   template name, or {@code dockerfile} (build)
 * @param handler                folder of the function's code (build)
 * @param image                  image to deploy
 * @param fprocess               the process the watchdog forks; sent as {@code envProcess}
 * @param environment            environment variables
 * @param environmentFile        YAML files of {@code environment: {K: V}}, applied after {@code environment}
 * @param secrets                secret names to mount
 * @param labels                 labels, including the {@code com.openfaas.scale.*} ones
 * @param annotations            annotations
 * @param limits                 memory and CPU limits as written
 * @param requests               memory and CPU reservations as written
 * @param constraints            swarm placement constraints
 * @param buildArgs              build arguments (build)
 * @param buildOptions           template build options (build)
 * @param buildSecrets           build secrets (build)
 * @param platforms              target platforms (build)
 * @param skipBuild              do not build this function (build)
 * @param readOnlyRootFilesystem mount the root filesystem read-only
 * @param namespace              namespace to deploy into; empty means the gateway's
 */
public record StackFunction(
        String lang,
        String handler,
        String image,
        String fprocess,
        Map<String, String> environment,
        @JsonProperty("environment_file") List<String> environmentFile,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        FunctionResources limits,
        FunctionResources requests,
        List<String> constraints,
        @JsonProperty("build_args") Map<String, String> buildArgs,
        @JsonProperty("build_options") List<String> buildOptions,
        @JsonProperty("build_secrets") Map<String, String> buildSecrets,
        String platforms,
        @JsonProperty("skip_build") boolean skipBuild,
        @JsonProperty("readonly_root_filesystem") boolean readOnlyRootFilesystem,
        String namespace) {

    public StackFunction {
        environment = map(environment);
        environmentFile = list(environmentFile);
        secrets = list(secrets);
        labels = map(labels);
        annotations = map(annotations);
        constraints = list(constraints);
        buildArgs = map(buildArgs);
        buildOptions = list(buildOptions);
        buildSecrets = map(buildSecrets);
    }

    // YAML writes "KEY:" for an empty value; Jackson reads it as null, which Map.copyOf rejects.
    private static Map<String, String> map(Map<String, String> values) {
        if (values == null) {
            return Map.of();
        }
        var copy = new LinkedHashMap<String, String>();
        values.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return Collections.unmodifiableMap(copy);
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }
}

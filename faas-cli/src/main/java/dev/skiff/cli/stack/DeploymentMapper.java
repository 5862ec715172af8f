package dev.skiff.cli.stack;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionResources;
import dev.skiff.cli.CliException;
import dev.skiff.cli.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a function of a stack into the {@link FunctionDeployment} sent to the gateway.
 * The environment is {@code environment}, then each {@code environment_file} in order (later ones
 * win), as in faas-cli. Environment files are found relative to the stack file's directory, so a
 * deploy works from any working directory (faas-cli uses the working directory; the two agree when
 * run next to the stack file).
 */
public final class DeploymentMapper {
    private final Path stackDir;
    private final YamlReader reader;

    /** An environment file's shape: {@code environment: {KEY: value}}. */
    record EnvironmentFile(Map<String, String> environment) {
    }

    /**
     * @param stackDir directory of the stack file
     * @param reader   reads environment files
     */
    public DeploymentMapper(Path stackDir, YamlReader reader) {
        this.stackDir = stackDir;
        this.reader = reader;
    }

    public FunctionDeployment deployment(String name, StackFunction function) {
        return deployment(name, function, function.image());
    }

    /** As {@link #deployment(String, StackFunction)}, with another image (the one {@code up} pushed). */
    public FunctionDeployment deployment(String name, StackFunction function, String image) {
        if (image == null || image.isBlank()) {
            throw new CliException("function " + name + " has no image; add image: to it in the stack file");
        }
        return new FunctionDeployment(
                name,
                image,
                blankToNull(function.namespace()),
                blankToNull(function.fprocess()),
                environment(function),
                function.constraints(),
                List.copyOf(new LinkedHashSet<>(function.secrets())),
                function.labels(),
                function.annotations(),
                resources(function.limits()),
                resources(function.requests()),
                function.readOnlyRootFilesystem());
    }

    private Map<String, String> environment(StackFunction function) {
        var environment = new LinkedHashMap<>(function.environment());
        for (var name : function.environmentFile()) {
            var file = stackDir.resolve(name);
            var parsed = reader.read(name, read(file), EnvironmentFile.class);
            if (parsed != null && parsed.environment() != null) {
                parsed.environment().forEach((k, v) -> environment.put(k, v == null ? "" : v));
            }
        }
        return environment;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("environment_file " + file + " not found; paths are relative to the stack file");
        } catch (IOException e) {
            throw new CliException("cannot read environment_file " + file + ": " + e.getMessage(), e);
        }
    }

    private static FunctionResources resources(FunctionResources resources) {
        return resources == null || resources.isEmpty() ? null : resources;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

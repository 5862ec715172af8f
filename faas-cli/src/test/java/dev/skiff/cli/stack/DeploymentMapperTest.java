package dev.skiff.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionResources;
import dev.skiff.api.Json;
import dev.skiff.cli.CliException;
import dev.skiff.cli.yaml.YamlReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentMapperTest {
    @TempDir Path dir;

    private Stack parse(String yaml) {
        return new StackLoader(Map.of(), new PrintStream(OutputStream.nullOutputStream())).parse("stack.yml", yaml);
    }

    private FunctionDeployment deploy(String name, Stack stack) {
        return new DeploymentMapper(dir, new YamlReader(null)).deployment(name, stack.functions().get(name));
    }

    @Test
    void carriesEveryDeployableFieldOfTheStackFunction() throws IOException {
        Files.writeString(dir.resolve("env.yml"), "environment: {FROM_FILE: yes, SHARED: file}\n");
        Files.writeString(dir.resolve("later.yml"), "environment: {SHARED: later}\n");
        var stack = parse("""
                functions:
                  hello:
                    image: me/hello:1
                    fprocess: python index.py
                    environment: {KEY: value, SHARED: yaml}
                    environment_file: [env.yml, later.yml]
                    secrets: [api-key, db, api-key]
                    labels: {com.openfaas.scale.min: "2"}
                    annotations: {topic: x}
                    limits: {memory: 128Mi, cpu: 100m}
                    requests: {memory: 64Mi}
                    constraints: ["node.role == worker"]
                    readonly_root_filesystem: true
                    namespace: openfaas-fn
                    lang: python3
                """);

        var deployment = deploy("hello", stack);

        assertEquals(new FunctionDeployment("hello", "me/hello:1", "openfaas-fn", "python index.py",
                Map.of("KEY", "value", "FROM_FILE", "yes", "SHARED", "later"),
                List.of("node.role == worker"), List.of("api-key", "db"),
                Map.of("com.openfaas.scale.min", "2"), Map.of("topic", "x"),
                new FunctionResources("128Mi", "100m"), new FunctionResources("64Mi", null), true), deployment);
    }

    @Test
    void leavesOutWhatTheStackDoesNotSay() throws IOException {
        var deployment = deploy("fn", parse("functions: {fn: {image: 'fn:1'}}"));

        assertEquals(FunctionDeployment.of("fn", "fn:1"), deployment);
        var json = Json.mapper().readTree(Json.mapper().writeValueAsString(deployment));
        assertEquals("fn", json.get("service").asText());
        for (var absent : List.of("namespace", "envProcess", "envVars", "secrets", "labels", "limits")) {
            assertFalse(json.has(absent), absent + " in " + json);
        }
    }

    @Test
    void dropsEmptyResources() {
        var deployment = deploy("fn", parse("functions: {fn: {image: 'fn:1', limits: {}, requests: {memory: ''}}}"));

        assertNull(deployment.limits());
        assertNull(deployment.requests());
        assertFalse(deployment.readOnlyRootFilesystem());
    }

    @Test
    void refusesAFunctionWithoutImage() {
        var error = assertThrows(CliException.class, () -> deploy("fn", parse("functions: {fn: {fprocess: cat}}")));
        assertTrue(error.getMessage().contains("function fn has no image"), error.getMessage());
    }

    @Test
    void namesAMissingEnvironmentFile() {
        var error = assertThrows(CliException.class,
                () -> deploy("fn", parse("functions: {fn: {image: x, environment_file: [missing.yml]}}")));
        assertTrue(error.getMessage().contains("missing.yml not found"), error.getMessage());
    }
}

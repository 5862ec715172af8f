package dev.skiff.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionResources;
import dev.skiff.cli.CliException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLoaderTest {
    private static final String FULL = """
            version: 1.0
            provider:
              name: openfaas
              gateway: http://127.0.0.1:18080
            configuration:
              templates:
                - name: golang-middleware
                  source: https://github.com/openfaas/golang-http-template
              copy: [./common]
            functions:
              hello:
                lang: python3
                handler: ./hello
                image: ${REGISTRY:-me}/hello:${TAG}
                fprocess: "python index.py"
                environment: {KEY: value, EMPTY:}
                environment_file: [env.yml]
                secrets: [api-key]
                labels: {com.openfaas.scale.min: 2}
                annotations: {topic: x}
                limits: {memory: 128Mi, cpu: 100m}
                requests: {memory: 64Mi, cpu: 0.5}
                constraints: ["node.role == worker"]
                build_args: {KEY: value}
                build_options: [dev]
                build_secrets: {netrc: ~/.netrc}
                platforms: linux/amd64,linux/arm64
                skip_build: true
                readonly_root_filesystem: true
                namespace: openfaas-fn
              second:
                image: second:latest
            """;

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    private StackLoader loader(Map<String, String> env) {
        return new StackLoader(env, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    private String warnings() {
        return warnings.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryFieldOfAFunction() {
        var stack = loader(Map.of("TAG", "1.2")).parse("stack.yml", FULL);

        assertEquals("1.0", stack.version());
        assertEquals(Optional.of("http://127.0.0.1:18080"), stack.gateway());
        assertEquals("openfaas", stack.provider().name());
        assertEquals("golang-middleware", stack.configuration().templates().getFirst().name());
        assertEquals(List.of("./common"), stack.configuration().copy());
        assertEquals(List.of("hello", "second"), List.copyOf(stack.functions().keySet()));

        var hello = stack.functions().get("hello");
        assertEquals("python3", hello.lang());
        assertEquals("./hello", hello.handler());
        assertEquals("me/hello:1.2", hello.image());
        assertEquals("python index.py", hello.fprocess());
        assertEquals(Map.of("KEY", "value", "EMPTY", ""), hello.environment());
        assertEquals(List.of("env.yml"), hello.environmentFile());
        assertEquals(List.of("api-key"), hello.secrets());
        assertEquals(Map.of("com.openfaas.scale.min", "2"), hello.labels());
        assertEquals(Map.of("topic", "x"), hello.annotations());
        assertEquals(new FunctionResources("128Mi", "100m"), hello.limits());
        assertEquals(new FunctionResources("64Mi", "0.5"), hello.requests());
        assertEquals(List.of("node.role == worker"), hello.constraints());
        assertEquals(Map.of("KEY", "value"), hello.buildArgs());
        assertEquals(List.of("dev"), hello.buildOptions());
        assertEquals(Map.of("netrc", "~/.netrc"), hello.buildSecrets());
        assertEquals("linux/amd64,linux/arm64", hello.platforms());
        assertTrue(hello.skipBuild());
        assertTrue(hello.readOnlyRootFilesystem());
        assertEquals("openfaas-fn", hello.namespace());
        assertEquals("", warnings());
    }

    @Test
    void absentListsAndMapsAreEmpty() {
        var second = loader(Map.of("TAG", "1")).parse("stack.yml", FULL).functions().get("second");

        assertEquals(Map.of(), second.environment());
        assertEquals(List.of(), second.secrets());
        assertEquals(Map.of(), second.labels());
        assertFalse(second.readOnlyRootFilesystem());
    }

    @Test
    void substitutesVariablesBeforeParsing() {
        var stack = loader(Map.of("IMAGE", "fn:1", "FPROCESS", "cat", "PORT", "18080")).parse("stack.yml", """
                provider:
                  gateway: http://127.0.0.1:$PORT
                functions:
                  fn:
                    image: ${IMAGE}
                    fprocess: ${FPROCESS:-wc}
                    environment: {unset: "[${NOT_SET}]", fallback: "${NOT_SET:-default}"}
                """);

        assertEquals(Optional.of("http://127.0.0.1:18080"), stack.gateway());
        var fn = stack.functions().get("fn");
        assertEquals("fn:1", fn.image());
        assertEquals("cat", fn.fprocess());
        assertEquals(Map.of("unset", "[]", "fallback", "default"), fn.environment());
    }

    @Test
    void warnsAboutUnknownKeysNamingThemAndGoesOn() {
        var stack = loader(Map.of()).parse("stack.yml", """
                functions:
                  fn:
                    image: fn:1
                    enviroment: {A: b}
                """);

        assertEquals("fn:1", stack.functions().get("fn").image());
        assertTrue(warnings().contains("unknown key \"enviroment\" in functions.fn"), warnings());
    }

    @Test
    void failsOnAWrongTypeWithTheFileAndLineNumber() {
        var error = assertThrows(CliException.class, () -> loader(Map.of()).parse("stack.yml", """
                functions:
                  fn:
                    image: fn:1
                    labels: [a, b]
                """));

        assertEquals("stack.yml line 4: functions.fn.labels must be a map (key: value), not a list",
                error.getMessage());
    }

    @Test
    void failsOnAnInvalidBooleanWithTheLineNumber() {
        var error = assertThrows(CliException.class, () -> loader(Map.of()).parse("stack.yml", """
                functions:
                  fn:
                    image: fn:1
                    readonly_root_filesystem: maybe
                """));

        assertTrue(error.getMessage().startsWith("stack.yml line 4: functions.fn.readonly_root_filesystem must be "
                + "true or false"), error.getMessage());
    }

    @Test
    void failsOnInvalidYamlWithTheLineNumber() {
        var error = assertThrows(CliException.class, () -> loader(Map.of()).parse("stack.yml", """
                functions:
                  fn:
                    image: fn:1
                   bad indentation: x
                """));

        assertTrue(error.getMessage().startsWith("stack.yml line 4: not valid YAML"), error.getMessage());
    }

    @Test
    void rejectsAProviderOtherThanOpenfaas() {
        var error = assertThrows(CliException.class, () -> loader(Map.of()).parse("stack.yml", """
                provider: {name: faasd}
                functions: {fn: {image: x}}
                """));

        assertTrue(error.getMessage().contains("only \"openfaas\" is supported"), error.getMessage());
    }

    @Test
    void rejectsADockerStackFileWithAHint() {
        var error = assertThrows(CliException.class, () -> loader(Map.of()).parse("stack.yml", """
                version: "3.8"
                services: {gateway: {image: x}}
                """));

        assertTrue(error.getMessage().contains("docker stack file"), error.getMessage());
        assertEquals("", warnings(), "the version is checked before unknown keys are reported");
    }

    @Test
    void loadsAFileAndNamesAMissingOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("stack.yml"), "functions: {fn: {image: x}}\n");

        assertEquals("x", loader(Map.of()).load(dir.resolve("stack.yml")).functions().get("fn").image());
        var error = assertThrows(CliException.class, () -> loader(Map.of()).load(dir.resolve("nope.yml")));
        assertTrue(error.getMessage().contains("nope.yml not found"), error.getMessage());
    }

    @Test
    void findsStackYmlBeforeStackYaml(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), StackLoader.findDefault(dir));
        Files.writeString(dir.resolve("stack.yaml"), "functions: {}\n");
        assertEquals(Optional.of(dir.resolve("stack.yaml")), StackLoader.findDefault(dir));
        Files.writeString(dir.resolve("stack.yml"), "functions: {}\n");
        assertEquals(Optional.of(dir.resolve("stack.yml")), StackLoader.findDefault(dir));
    }

    @Test
    void gatewayOfIgnoresAFileThatIsNotAFaasCliStack(@TempDir Path dir) throws IOException {
        var docker = Files.writeString(dir.resolve("stack.yml"), "version: \"3.8\"\nservices: {}\n");
        var ours = Files.writeString(dir.resolve("ours.yml"), "provider: {gateway: http://gw:8080}\n");

        assertEquals(Optional.empty(), loader(Map.of()).gatewayOf(docker));
        assertEquals(Optional.of("http://gw:8080"), loader(Map.of()).gatewayOf(ours));
        assertEquals("", warnings());
    }
}

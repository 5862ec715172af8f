package dev.skiff.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.cli.Main;
import dev.skiff.cli.Streams;
import dev.skiff.cli.config.CliEnvironment;
import dev.skiff.cli.stack.StackLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code new}, {@code new --list} and {@code template list} against the repository's templates. */
class NewCommandTest {
    private static final Path TEMPLATES = Path.of(System.getProperty("user.dir")).getParent().resolve("templates");

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> extra, String... args) {
        var env = new java.util.HashMap<>(Map.of("SKIFF_TEMPLATES", TEMPLATES.toString(),
                "OPENFAAS_CONFIG", dir.resolve("config").toString()));
        env.putAll(extra);
        var streams = new Streams(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return Main.run(args, CliEnvironment.from(env, dir, dir), streams);
    }

    @Test
    void createsTheHandlerFolderAndTheStackThenAddsToIt() throws Exception {
        assertEquals(0, run(Map.of("OPENFAAS_PREFIX", "127.0.0.1:5000/team"), "new", "hello", "--lang", "python3-http"),
                err::toString);
        assertTrue(Files.isRegularFile(dir.resolve("hello/handler.py")));
        assertEquals(0, run(Map.of(), "new", "greet", "--lang", "bash-streaming", "--prefix", "me"), err::toString);
        assertTrue(Files.isExecutable(dir.resolve("greet/handler.sh")), "the handler keeps its executable bit");

        var stack = new StackLoader(Map.of(), System.err).load(dir.resolve("stack.yml"));
        assertEquals("127.0.0.1:5000/team/hello:latest", stack.functions().get("hello").image());
        assertEquals("python3-http", stack.functions().get("hello").lang());
        assertEquals("./greet", stack.functions().get("greet").handler());
        assertEquals("me/greet:latest", stack.functions().get("greet").image());
        assertEquals("http://127.0.0.1:8080", stack.gateway().orElseThrow());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("You have created a Python 3 function"));
    }

    @Test
    void refusesAnUnknownLanguageABadNameAndAnExistingFunction() {
        assertEquals(1, run(Map.of(), "new", "hello", "--lang", "cobol"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("template cobol not found"), err::toString);
        assertEquals(1, run(Map.of(), "new", "Hello_World", "--lang", "java21"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a valid function name"), err::toString);
        assertEquals(0, run(Map.of(), "new", "hello", "--lang", "node-http"));
        assertEquals(1, run(Map.of(), "new", "hello", "--lang", "node-http"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("exists already"), err::toString);
    }

    @Test
    void listsTheTemplates() {
        assertEquals(0, run(Map.of(), "new", "--list"));
        assertEquals(0, run(Map.of(), "template", "list"));
        var text = out.toString(StandardCharsets.UTF_8);
        for (var lang : new String[] {"java21", "python3-http", "node-http", "bash-streaming", "dockerfile"}) {
            assertTrue(text.contains(lang), lang + " missing from\n" + text);
        }
    }

    @Test
    void aProjectTemplateFolderWinsOverTheBuiltInOne() throws Exception {
        var own = dir.resolve("template/python3-http");
        Files.createDirectories(own.resolve("function"));
        Files.writeString(own.resolve("template.yml"), "language: python3-http\nwelcome_message: ours\n");
        assertEquals(0, run(Map.of(), "new", "mine", "--lang", "python3-http"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ours"));
    }
}

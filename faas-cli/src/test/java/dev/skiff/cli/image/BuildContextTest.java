package dev.skiff.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.cli.CliException;
import dev.skiff.cli.template.Template;
import dev.skiff.cli.template.TemplateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir Path dir;

    private Template template(String name) throws Exception {
        var templateDir = dir.resolve("templates/" + name);
        Files.createDirectories(templateDir.resolve("function"));
        Files.writeString(templateDir.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(templateDir.resolve("function/handler.py"), "skeleton\n");
        return new Template(name, templateDir, new TemplateSpec(name, null, null, null, null, null));
    }

    @Test
    void putsTheHandlerInTheTemplatesFunctionFolderAndClearsAnOldBuild() throws Exception {
        var handler = Files.createDirectories(dir.resolve("hello"));
        Files.writeString(handler.resolve("handler.py"), "mine\n");
        var build = dir.resolve("build");
        Files.createDirectories(build.resolve("hello"));
        Files.writeString(build.resolve("hello/stale"), "old\n");
        var shared = Files.writeString(dir.resolve("common.txt"), "shared\n");

        var context = BuildContext.assemble("hello", handler, template("python3-http"), build, List.of(shared));

        assertEquals("FROM scratch\n", Files.readString(context.resolve("Dockerfile")));
        assertEquals("mine\n", Files.readString(context.resolve("function/handler.py")));
        assertEquals("shared\n", Files.readString(context.resolve("common.txt")));
        assertFalse(Files.exists(context.resolve("stale")));
    }

    @Test
    void aDockerfileFunctionIsItsOwnContextAndMustHaveADockerfile() throws Exception {
        var handler = Files.createDirectories(dir.resolve("own"));
        var error = assertThrows(CliException.class,
                () -> BuildContext.assemble("own", handler, template("dockerfile"), dir.resolve("build"), List.of()));
        assertTrue(error.getMessage().contains("has no Dockerfile"), error.getMessage());

        Files.writeString(handler.resolve("Dockerfile"), "FROM skiff/debian:bookworm\n");
        var context = BuildContext.assemble("own", handler, template("dockerfile"), dir.resolve("build"), List.of());
        assertEquals("FROM skiff/debian:bookworm\n", Files.readString(context.resolve("Dockerfile")));
    }

    @Test
    void aMissingHandlerFolderSaysHowToFixIt() throws Exception {
        var error = assertThrows(CliException.class, () -> BuildContext.assemble("gone", dir.resolve("gone"),
                template("python3-http"), dir.resolve("build"), List.of()));
        assertTrue(error.getMessage().contains("fix handler:"), error.getMessage());
    }
}

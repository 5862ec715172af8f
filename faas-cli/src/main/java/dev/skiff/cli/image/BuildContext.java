package dev.skiff.cli.image;

import dev.skiff.cli.CliException;
import dev.skiff.cli.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Assembles {@code build/NAME}, the docker build context of one function, as faas-cli does: the template's
 * files with the handler folder copied into its handler folder ({@code function/}), plus the stack's
 * {@code configuration.copy} paths. For {@code lang: dockerfile} the handler folder is the whole context.
 * The folder is recreated on every build, so nothing stale is left in it.
 */
public final class BuildContext {
    private BuildContext() {
    }

    /**
     * @param name      function name
     * @param handler   the function's handler folder
     * @param template  its template
     * @param buildRoot where {@code NAME/} is created ({@code ./build})
     * @param copy      extra paths copied into the context, by their file name
     * @return the context folder
     */
    public static Path assemble(String name, Path handler, Template template, Path buildRoot, List<Path> copy) {
        if (!Files.isDirectory(handler)) {
            throw new CliException("handler folder " + handler + " of function " + name + " not found; "
                    + "fix handler: in the stack file (faas-cli new creates it)");
        }
        var context = buildRoot.resolve(name);
        delete(context);
        if (template.isDockerfile()) {
            copyTree(handler, context);
            if (!Files.isRegularFile(context.resolve("Dockerfile"))) {
                throw new CliException("function " + name + " has lang: dockerfile but " + handler
                        + " has no Dockerfile; add one (faas-cli new --lang dockerfile creates a starting point)");
            }
        } else {
            copyTree(template.dir(), context);
            var handlerDir = context.resolve(template.spec().handlerFolder());
            delete(handlerDir);
            copyTree(handler, handlerDir);
        }
        for (var path : copy) {
            copyTree(path, context.resolve(path.getFileName()));
        }
        return context;
    }

    /** Copies a file or a folder tree, keeping permissions (an executable handler stays executable). */
    public static void copyTree(Path from, Path to) {
        try {
            if (Files.isRegularFile(from)) {
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                return;
            }
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    // A previous build of the handler itself (./build inside it) is not part of the function.
                    if (!dir.equals(from) && dir.getFileName().toString().equals("build") && dir.getParent().equals(from)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CliException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }
}

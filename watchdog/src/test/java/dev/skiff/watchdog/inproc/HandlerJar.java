package dev.skiff.watchdog.inproc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.skiff.function.Handler;

/**
 * Builds a real function jar at test time: compiles Java sources against function-runtime with
 * javax.tools (function-runtime itself is not put in the jar, as a function author's build would
 * not), and optionally names providers in META-INF/services/dev.skiff.function.Handler.
 */
public final class HandlerJar {

    private HandlerJar() {
    }

    /**
     * @param sources   class name to source text
     * @param providers class names for the service file; none for no file
     */
    public static Path build(Path jar, Map<String, String> sources, String... providers) {
        try {
            Path work = Files.createTempDirectory("skiff-handler-src");
            List<String> arguments = new ArrayList<>(List.of("--release", "21", "-d", work.resolve("classes").toString(),
                    "-cp", runtimeLocation().toString()));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                arguments.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int code = javac.run(null, null, null, arguments.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("javac failed with " + code);
            }
            writeJar(jar, work.resolve("classes"), providers);
            deleteTree(work);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJar(Path jar, Path classes, String... providers) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            if (providers.length > 0) {
                out.putNextEntry(new JarEntry("META-INF/services/" + Handler.class.getName()));
                writeLines(out, providers);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void writeLines(OutputStream out, String... lines) throws IOException {
        out.write(("# handlers\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Path runtimeLocation() {
        try {
            return Path.of(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

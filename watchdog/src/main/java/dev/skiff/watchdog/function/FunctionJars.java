package dev.skiff.watchdog.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import dev.skiff.watchdog.config.ConfigException;
import dev.skiff.watchdog.config.WatchdogConfig;
import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * Starts inproc mode: one class loader (named {@code function}, a child of the watchdog's) over the
 * watchdog's inproc jars, then every {@code *.jar} under {@code function_path}; the {@link InprocMode}
 * it finds there loads the handler.
 *
 * <p>The inproc jars are those in the {@code inproc} folder beside the watchdog's own jar
 * ({@code /app/inproc} in the image): the inproc mode itself and the function-runtime API. Coming first,
 * they win over a copy of function-runtime that a function bundles, so every function sees the
 * {@code Handler} the watchdog calls. What function-runtime uses in turn (Jackson) is the function's:
 * a function that reads or writes JSON brings it in its jars, as the java21 template's build does.
 * When the watchdog runs from a class path that holds all of it (its tests), the parent has these
 * classes and the folder need not exist.
 */
public final class FunctionJars {

    private FunctionJars() {
    }

    public static InprocMode.InprocFunction start(WatchdogConfig config, BodyLimit bodyLimit, ConsoleLog log) {
        URLClassLoader loader = loader(inprocFolder(), config.functionPath());
        InprocMode mode = ServiceLoader.load(InprocMode.class, loader).findFirst().orElseThrow(() ->
                new IllegalStateException("inproc mode is not installed: no " + InprocMode.class.getName()
                        + " in " + inprocFolder() + " (the image's /app/inproc)"));
        return mode.load(loader, config, bodyLimit, log);
    }

    static URLClassLoader loader(Path inprocFolder, Path functionPath) {
        List<Path> functionJars = jars(functionPath);
        if (functionJars.isEmpty()) {
            throw new ConfigException("function_path", "\"" + functionPath + "\" holds no .jar file; put the"
                    + " function's jars (and its dependencies) there, or set function_path to where they are");
        }
        List<Path> all = new ArrayList<>(Files.isDirectory(inprocFolder) ? jars(inprocFolder) : List.of());
        all.addAll(functionJars);
        return new URLClassLoader("function", urls(all), FunctionJars.class.getClassLoader());
    }

    /** Every .jar under the folder, in a stable order (so a class in two jars resolves the same each start). */
    static List<Path> jars(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the jars under " + folder, e);
        }
    }

    /** The folder {@code inproc} beside the jar (or classes folder) the watchdog runs from. */
    private static Path inprocFolder() {
        try {
            return Path.of(FunctionJars.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolveSibling("inproc");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the watchdog's own location is not a path", e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("jar path " + jars.get(i) + " is not a URL", e);
            }
        }
        return urls;
    }
}

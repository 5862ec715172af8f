package dev.skiff.cli.stack;

import dev.skiff.cli.CliException;
import dev.skiff.cli.yaml.YamlReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a stack file: substitutes environment variables in the raw text, parses it into a
 * {@link Stack} (warning about unknown keys, failing with the line of a wrongly typed value) and
 * checks {@code version} and {@code provider.name}.
 */
public final class StackLoader {
    /** Tried in this order when {@code -f} is not given. */
    public static final List<String> DEFAULT_FILES = List.of("stack.yml", "stack.yaml");
    static final String VERSION = "1.0";
    static final String PROVIDER = "openfaas";

    private final EnvSubstitution substitution;
    private final YamlReader reader;
    private final YamlReader quietReader = new YamlReader(null);

    /** The keys checked before the whole file is read, so a foreign file fails on them first. */
    record Header(String version, Stack.Provider provider) {
    }

    /**
     * @param variables environment for {@code ${VAR}} substitution
     * @param warnings  where unknown keys are reported
     */
    public StackLoader(Map<String, String> variables, PrintStream warnings) {
        this.substitution = new EnvSubstitution(variables);
        this.reader = new YamlReader(warnings);
    }

    /** The first of {@link #DEFAULT_FILES} present in {@code dir}. */
    public static Optional<Path> findDefault(Path dir) {
        return DEFAULT_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
    }

    public Stack load(Path file) {
        return parse(file.getFileName().toString(), read(file));
    }

    /**
     * @param source file name for messages
     * @param text   the stack file's content
     */
    public Stack parse(String source, String text) {
        var substituted = substitution.apply(source, text);
        check(source, quietReader.read(source, substituted, Header.class));
        var stack = reader.read(source, substituted, Stack.class);
        stack.functions().forEach((name, function) -> {
            if (function == null) {
                throw new CliException(source + ": function " + name + " has no settings; give it at least an image:");
            }
        });
        return stack;
    }

    /**
     * {@code provider.gateway} of a stack file that was found, not named: commands that need only the
     * gateway use this, and ignore a file that is not a faas-cli stack (such as a {@code docker stack}
     * file, also often called stack.yml) instead of failing on it.
     */
    public Optional<String> gatewayOf(Path file) {
        try {
            var source = file.getFileName().toString();
            var header = quietReader.read(source, substitution.apply(source, read(file)), Header.class);
            check(source, header);
            return Optional.ofNullable(header.provider()).map(Stack.Provider::gateway).filter(g -> !g.isBlank());
        } catch (CliException e) {
            return Optional.empty();
        }
    }

    private static void check(String source, Header header) {
        if (header == null) {
            throw new CliException(source + " is empty; it needs at least a functions: section");
        }
        var version = header.version();
        if (version != null && !version.isBlank() && !VERSION.equals(version)) {
            throw new CliException(source + ": version " + version + " is not a faas-cli stack version (is it a "
                    + "docker stack file?); a stack file has version: " + VERSION + " or none, so give yours with -f");
        }
        var provider = header.provider() == null ? null : header.provider().name();
        if (provider != null && !provider.isBlank() && !PROVIDER.equals(provider)) {
            throw new CliException(source + ": provider.name is \"" + provider + "\", but only \"" + PROVIDER
                    + "\" is supported; change it to " + PROVIDER);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("stack file " + file + " not found; give the right path with -f");
        } catch (IOException e) {
            throw new CliException("cannot read stack file " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.skiff.cli.command;

import dev.skiff.api.Secret;
import dev.skiff.cli.CliException;
import dev.skiff.cli.Streams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a secret's value comes from: {@code --from-literal}, {@code --from-file}, else standard input.
 * A literal or stdin value is sent as {@code value}, trimmed unless {@code --trim=false}; a file as
 * {@code rawValue} (bytes, base64 on the wire), untouched, as faas-cli does.
 */
public final class SecretValueOptions {
    static final class Source {
        @Option(names = "--from-literal", paramLabel = "VALUE", description = "The value, on the command line")
        String literal;

        @Option(names = "--from-file", paramLabel = "FILE", description = "A file holding the value (sent as bytes)")
        Path file;
    }

    @ArgGroup(exclusive = true)
    Source source = new Source();

    @Option(names = "--trim", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Trim white space around a literal or stdin value (default: ${DEFAULT-VALUE})")
    boolean trim;

    Secret secret(String name, Streams streams, Path workingDir) {
        if (source != null && source.file != null) {
            var file = workingDir.resolve(source.file);
            try {
                return new Secret(name, null, null, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new CliException("cannot read --from-file " + file + ": " + e.getMessage(), e);
            }
        }
        String value;
        if (source != null && source.literal != null) {
            value = source.literal;
        } else {
            if (streams.stdinIsTerminal()) {
                throw new CliException("no value: give --from-literal VALUE, --from-file FILE, or pipe it on stdin");
            }
            value = new String(streams.readAllInput(), java.nio.charset.StandardCharsets.UTF_8);
        }
        value = trim ? value.strip() : value;
        if (value.isEmpty()) {
            throw new CliException("the value of secret " + name + " is empty; give one with --from-literal, --from-file or stdin");
        }
        return new Secret(name, null, value, null);
    }
}

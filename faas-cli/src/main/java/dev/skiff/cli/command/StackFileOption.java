package dev.skiff.cli.command;

import dev.skiff.cli.CliException;
import dev.skiff.cli.stack.Stack;
import dev.skiff.cli.stack.StackLoader;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code -f/--yaml}: the stack file. Without it, {@code stack.yml} or {@code stack.yaml} in the working
 * directory is used when present, as faas-cli does for every command.
 */
public final class StackFileOption {
    @Option(names = {"-f", "--yaml"}, paramLabel = "FILE",
            description = "Stack file (default: stack.yml, then stack.yaml, in the current directory)")
    Path file;

    /** The file given with -f, else a default file that exists. */
    Optional<Path> path(Path workingDir) {
        if (file != null) {
            return Optional.of(workingDir.resolve(file));
        }
        return StackLoader.findDefault(workingDir);
    }

    /**
     * {@code provider.gateway} of the stack, for commands that need only the gateway. A file named with
     * -f must be a valid stack; a default file that is not one is ignored.
     */
    Optional<String> gateway(StackLoader loader, Path workingDir) {
        if (file != null) {
            return loader.load(workingDir.resolve(file)).gateway();
        }
        return StackLoader.findDefault(workingDir).flatMap(loader::gatewayOf);
    }

    /** The stack; fails with what to do when there is none. */
    Stack require(StackLoader loader, Path workingDir) {
        var path = path(workingDir).orElseThrow(() -> new CliException("no stack file: give one with -f FILE "
                + "(looked for " + String.join(" and ", StackLoader.DEFAULT_FILES) + " in " + workingDir + ")"));
        return loader.load(path);
    }

    /** For messages: the name the user knows the file by. */
    String name(Path workingDir) {
        return path(workingDir).map(p -> p.getFileName().toString()).orElse("the stack file");
    }
}

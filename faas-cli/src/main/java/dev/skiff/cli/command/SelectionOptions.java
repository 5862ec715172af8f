package dev.skiff.cli.command;

import dev.skiff.cli.CliException;
import dev.skiff.cli.stack.FunctionFilter;
import dev.skiff.cli.stack.Stack;
import dev.skiff.cli.stack.StackFunction;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --filter} and {@code --regex}: which functions of the stack file to act on. */
public final class SelectionOptions {
    @Option(names = "--filter", paramLabel = "WILDCARD",
            description = "Only functions whose name matches this wildcard, e.g. \"fn-*\"")
    String wildcard;

    @Option(names = "--regex", paramLabel = "REGEX",
            description = "Only functions whose name matches this regular expression")
    String regex;

    FunctionFilter filter() {
        return new FunctionFilter(wildcard, regex);
    }

    /**
     * The functions of {@code stack} these options select; none is an error naming the stack file, ending with
     * {@code emptyHint} (what the command wanted them for, and what to do).
     */
    Map<String, StackFunction> require(Stack stack, String stackName, String emptyHint) {
        var functions = filter().select(stack, stackName).functions();
        if (functions.isEmpty()) {
            throw new CliException(stackName + " has no functions" + emptyHint);
        }
        return functions;
    }
}

package dev.skiff.cli.command;

import dev.skiff.cli.stack.FunctionFilter;
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
}

package dev.skiff.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the commands that build: {@code build} and {@code up}. */
public final class BuildOptions {
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "Build up to N functions at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = {"-q", "--quiet"}, description = "Show one progress line per step instead of the build output")
    boolean quiet;

    @Option(names = {"-b", "--build-arg"}, paramLabel = "KEY=VALUE",
            description = "Add a docker build argument (over build_args of the stack)")
    Map<String, String> buildArgs = new LinkedHashMap<>();
}

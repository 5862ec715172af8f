package dev.skiff.cli.command;

import dev.skiff.cli.Streams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli template}: the parent of {@code template list}; alone it prints its help. */
@Command(name = "template", description = "Function templates.")
public final class TemplateCommand implements Runnable {
    @Spec CommandSpec spec;

    private final Streams streams;

    public TemplateCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public void run() {
        spec.commandLine().usage(streams.out());
    }
}

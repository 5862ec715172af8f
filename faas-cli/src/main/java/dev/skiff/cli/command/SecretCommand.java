package dev.skiff.cli.command;

import dev.skiff.cli.Streams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faas-cli secret}: the parent of create, list, update and remove; alone it prints its help. */
@Command(name = "secret", description = "Manage secrets (mounted in functions at /var/openfaas/secrets/NAME).")
public final class SecretCommand implements Runnable {
    @Spec CommandSpec spec;

    private final Streams streams;

    public SecretCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public void run() {
        spec.commandLine().usage(streams.out());
    }
}

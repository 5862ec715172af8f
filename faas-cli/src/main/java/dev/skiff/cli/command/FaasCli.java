package dev.skiff.cli.command;

import dev.skiff.cli.Streams;
import dev.skiff.cli.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: {@code faas-cli [--help] [--version] COMMAND}. Without a command it prints the help. */
// INHERIT gives every subcommand -h/--help (and -V) without repeating the attribute.
@Command(name = "faas-cli", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = FaasCli.CliVersion.class,
        description = "Manage functions on an OpenFaaS-compatible gateway (Skiff).",
        footer = {"", "Environment: OPENFAAS_URL (gateway), OPENFAAS_CONFIG (config directory), "
                + "CI (config in ./.openfaas), FAAS_DEBUG=1 (print requests)."})
public final class FaasCli implements Runnable {
    @Spec CommandSpec spec;

    private final Streams streams;

    public FaasCli(Streams streams) {
        this.streams = streams;
    }

    @Override
    public void run() {
        spec.commandLine().usage(streams.out());
    }

    /** {@code --version}: the version Maven wrote into the jar. */
    static final class CliVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"faas-cli " + Version.cli()};
        }
    }
}

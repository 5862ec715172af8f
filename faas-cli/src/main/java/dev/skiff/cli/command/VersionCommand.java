package dev.skiff.cli.command;

import dev.skiff.api.GatewayInfo;
import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.Version;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faas-cli version}: the CLI's version and, when the gateway answers {@code GET /system/info},
 * the gateway's and the provider's. An unreachable gateway is not an error here: the CLI part still
 * prints and the exit code is 0.
 */
@Command(name = "version", description = "Show the CLI's version and the gateway's, if it answers.")
public final class VersionCommand implements Callable<Integer> {
    @Option(names = "--short-version", description = "Print only the CLI's version")
    boolean shortVersion;

    @Mixin StackFileOption stackFile;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public VersionCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var out = context.streams().out();
        if (shortVersion) {
            out.println(Version.cli());
            return 0;
        }
        out.println("CLI:");
        out.println(" version: " + Version.cli());
        var url = context.connector().gatewayUrl(gateway.url, stackFile.gateway(context.stacks(), context.workingDir()));
        try {
            print(out, url, context.connector().connect(url, gateway.tlsNoVerify).info());
        } catch (GatewayException e) {
            context.streams().err().println("(no gateway details: " + e.getMessage() + ")");
        }
        return 0;
    }

    private static void print(PrintStream out, String url, GatewayInfo info) {
        out.println();
        out.println("Gateway");
        out.println(" uri:     " + url);
        if (info.version() != null) {
            out.println(" version: " + info.version().release());
            out.println(" sha:     " + info.version().sha());
        }
        var provider = info.provider();
        if (provider != null) {
            out.println();
            out.println("Provider");
            out.println(" name:          " + provider.provider());
            out.println(" orchestration: " + provider.orchestration());
            if (provider.version() != null) {
                out.println(" version:       " + provider.version().release());
                out.println(" sha:           " + provider.version().sha());
            }
        }
    }
}

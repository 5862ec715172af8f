package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code faas-cli secret remove NAME}: {@code DELETE /system/secrets}. */
@Command(name = "remove", aliases = "rm", description = "Remove a secret.",
        footer = {"", "Example:", "  faas-cli secret remove api-key"})
public final class SecretRemoveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Secret name")
    String name;

    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public SecretRemoveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, java.util.Optional.empty());
        try {
            context.connector().connect(url, gateway.tlsNoVerify).removeSecret(name);
        } catch (GatewayException e) {
            if (e.status() == 404) {
                throw new CliException("secret " + name + " not found on " + url + "; run faas-cli secret list");
            }
            throw e;
        }
        context.streams().out().println("Removed: " + name);
        return 0;
    }
}

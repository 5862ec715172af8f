package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code faas-cli secret update NAME}: {@code PUT /system/secrets}; functions see the value on their next deploy. */
@Command(name = "update", description = "Change a secret's value (functions see it once redeployed).",
        footer = {"", "Example:", "  faas-cli secret update api-key --from-literal n3w"})
public final class SecretUpdateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Secret name")
    String name;

    @Mixin SecretValueOptions value;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public SecretUpdateCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var secret = value.secret(name, context.streams(), context.workingDir());
        var url = context.connector().gatewayUrl(gateway.url, java.util.Optional.empty());
        context.streams().out().println("Updating secret: " + name + ".");
        try {
            context.connector().connect(url, gateway.tlsNoVerify).updateSecret(secret);
        } catch (GatewayException e) {
            if (e.status() == 404) {
                throw new CliException("secret " + name + " not found on " + url + "; create it with faas-cli secret create " + name);
            }
            throw e;
        }
        context.streams().out().println("Updated: " + name);
        return 0;
    }
}

package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code faas-cli secret create NAME}: {@code POST /system/secrets}. */
@Command(name = "create", description = "Create a secret.",
        footer = {"", "Examples:", "  faas-cli secret create api-key --from-literal s3cret",
                "  faas-cli secret create tls-cert --from-file cert.pem", "  echo s3cret | faas-cli secret create api-key"})
public final class SecretCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Secret name")
    String name;

    @Mixin SecretValueOptions value;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public SecretCreateCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var secret = value.secret(name, context.streams(), context.workingDir());
        var url = context.connector().gatewayUrl(gateway.url, java.util.Optional.empty());
        context.streams().out().println("Creating secret: " + name + ".");
        try {
            context.connector().connect(url, gateway.tlsNoVerify).createSecret(secret);
        } catch (GatewayException e) {
            if (e.status() == 409) {
                throw new CliException("secret " + name + " exists already on " + url + "; change it with faas-cli secret update " + name);
            }
            throw e;
        }
        context.streams().out().println("Created: " + name);
        return 0;
    }
}

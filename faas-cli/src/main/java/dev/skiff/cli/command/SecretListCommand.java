package dev.skiff.cli.command;

import dev.skiff.api.Secret;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faas-cli secret list}: {@code GET /system/secrets}, names only (values are never listed). */
@Command(name = "list", aliases = "ls", description = "List secrets (names only).")
public final class SecretListCommand implements Callable<Integer> {
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public SecretListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, java.util.Optional.empty());
        var secrets = context.connector().connect(url, gateway.tlsNoVerify).listSecrets();
        var out = context.streams().out();
        out.println("NAME");
        secrets.stream().map(Secret::name).sorted(Comparator.naturalOrder()).forEach(out::println);
        return 0;
    }
}

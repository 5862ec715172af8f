package dev.skiff.cli.command;

import dev.skiff.cli.CliException;
import dev.skiff.cli.Streams;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code faas-cli logout}: removes the saved credentials of one gateway from {@code config.yml}.
 * The gateway is resolved as for {@code login}, so {@code logout} undoes the {@code login} run with the
 * same flags and environment.
 */
@Command(name = "logout", description = "Forget the saved credentials of a gateway.")
public final class LogoutCommand implements Callable<Integer> {
    @Mixin GatewayOption gateway;

    private final Streams streams;
    private final GatewayConnector connector;

    public LogoutCommand(Streams streams, GatewayConnector connector) {
        this.streams = streams;
        this.connector = connector;
    }

    @Override
    public Integer call() {
        var url = connector.gatewayUrl(gateway.url, Optional.empty());
        var file = connector.authConfig();
        if (!file.remove(url)) {
            throw new CliException("no credentials saved for " + url + " in " + file.path()
                    + "; give the gateway you logged in to with -g");
        }
        streams.out().println("credentials removed for " + url);
        return 0;
    }
}

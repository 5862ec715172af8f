package dev.skiff.cli.command;

import dev.skiff.api.client.Credentials;
import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import dev.skiff.cli.Streams;
import dev.skiff.cli.config.AuthEntry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faas-cli login}: checks the user and password with an authenticated
 * {@code GET /system/functions}, then saves them for this gateway in {@code config.yml}. Like faas-cli,
 * login ignores the stack file: the gateway comes from {@code -g}, {@code OPENFAAS_URL} or the default.
 */
@Command(name = "login", description = "Save credentials for a gateway after checking them.",
        footer = {"", "Examples:", "  cat ~/faas_pass.txt | faas-cli login -u admin --password-stdin",
                "  faas-cli login -g http://127.0.0.1:8080 -p secret"})
public final class LoginCommand implements Callable<Integer> {
    static final String INSECURE_WARNING = "WARNING! Using --password is insecure, consider using: "
            + "cat ~/faas_pass.txt | faas-cli login -u user --password-stdin";

    @Option(names = {"-u", "--username"}, paramLabel = "USER", defaultValue = "admin", description = "User name (default: ${DEFAULT-VALUE})")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Password (visible to other users of this machine)")
    String password;

    @Option(names = {"-s", "--password-stdin"}, description = "Read the password from standard input")
    boolean passwordStdin;

    @Mixin GatewayOption gateway;

    private final Streams streams;
    private final GatewayConnector connector;

    public LoginCommand(Streams streams, GatewayConnector connector) {
        this.streams = streams;
        this.connector = connector;
    }

    @Override
    public Integer call() {
        if (username == null || username.isBlank()) {
            throw new CliException("give a user name with -u (the gateway's is usually admin)");
        }
        var secret = password().strip();
        if (secret.isEmpty()) {
            throw new CliException("the password is empty; pipe it to --password-stdin or give it with --password");
        }
        var url = connector.gatewayUrl(gateway.url, Optional.empty());
        streams.out().println("Calling the OpenFaaS server to validate the credentials...");
        try {
            connector.connect(url, Credentials.basic(username, secret), gateway.tlsNoVerify).checkCredentials();
        } catch (GatewayException e) {
            if (e.status() == 401) {
                throw new CliException("invalid credentials: " + url + " rejected user " + username
                        + " and this password; check both and try again", e);
            }
            throw e;
        }
        var file = connector.authConfig();
        file.save(AuthEntry.basic(url, username, secret));
        streams.out().println("credentials saved for " + username + " " + url);
        return 0;
    }

    private String password() {
        if (password != null && passwordStdin) {
            throw new CliException("--password and --password-stdin are mutually exclusive; use one");
        }
        if (password != null) {
            streams.err().println(INSECURE_WARNING);
            return password;
        }
        if (passwordStdin) {
            return new String(streams.readAllInput(), StandardCharsets.UTF_8);
        }
        throw new CliException("give the password: cat pass.txt | faas-cli login --password-stdin "
                + "(or --password PASSWORD)");
    }
}

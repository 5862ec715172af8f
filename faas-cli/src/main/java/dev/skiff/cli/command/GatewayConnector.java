package dev.skiff.cli.command;

import dev.skiff.api.client.Credentials;
import dev.skiff.api.client.GatewayClient;
import dev.skiff.cli.CliException;
import dev.skiff.cli.Version;
import dev.skiff.cli.config.AuthConfigFile;
import dev.skiff.cli.config.AuthEntry;
import dev.skiff.cli.config.CliEnvironment;
import dev.skiff.cli.config.GatewayUrl;
import dev.skiff.cli.config.InsecureTls;
import dev.skiff.cli.config.PlainHttpOnly;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Opens the {@link GatewayClient} a command needs: resolves the gateway URL ({@link GatewayUrl}) and
 * finds the saved credentials for exactly that URL in {@code config.yml}.
 */
public final class GatewayConnector implements AutoCloseable {
    private final CliEnvironment environment;
    private final AuthConfigFile authConfig;
    private final java.util.List<GatewayClient> opened = new java.util.ArrayList<>();

    public GatewayConnector(CliEnvironment environment) {
        this.environment = environment;
        this.authConfig = new AuthConfigFile(environment.configFile());
    }

    /**
     * @param flag         {@code -g}, or null
     * @param stackGateway {@code provider.gateway} of the stack file in use, if any
     */
    public String gatewayUrl(String flag, Optional<String> stackGateway) {
        return GatewayUrl.resolve(flag, stackGateway.orElse(null), environment.openfaasUrl().orElse(null));
    }

    /** A client for {@code gatewayUrl} with the credentials saved by {@code login}, if any. */
    public GatewayClient connect(String gatewayUrl) {
        return connect(gatewayUrl, false);
    }

    /** @param tlsNoVerify accept any certificate ({@code --tls-no-verify}) */
    public GatewayClient connect(String gatewayUrl, boolean tlsNoVerify) {
        var credentials = authConfig.find(gatewayUrl).map(AuthEntry::credentials).orElse(Credentials.none());
        return connect(gatewayUrl, credentials, tlsNoVerify);
    }

    public GatewayClient connect(String gatewayUrl, Credentials credentials) {
        return connect(gatewayUrl, credentials, false);
    }

    public GatewayClient connect(String gatewayUrl, Credentials credentials, boolean tlsNoVerify) {
        var uri = uri(gatewayUrl);
        var client = new GatewayClient(uri, credentials, Version.userAgent(), sslContext(uri, tlsNoVerify));
        opened.add(client);
        return client;
    }

    /** Closes the clients handed out, so the JVM exits without waiting for their threads (~0.3 s). */
    @Override
    public void close() {
        opened.forEach(GatewayClient::close);
        opened.clear();
    }

    public AuthConfigFile authConfig() {
        return authConfig;
    }

    // null: the JDK's default context, for https:// gateways with trusted certificates.
    private static SSLContext sslContext(URI gateway, boolean tlsNoVerify) {
        if (!"https".equalsIgnoreCase(gateway.getScheme())) {
            return PlainHttpOnly.context();
        }
        return tlsNoVerify ? InsecureTls.context() : null;
    }

    private static URI uri(String gatewayUrl) {
        try {
            var uri = new URI(gatewayUrl);
            if (uri.getHost() == null) {
                throw new URISyntaxException(gatewayUrl, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException("gateway URL " + gatewayUrl + " is not valid (" + e.getReason()
                    + "); give one like http://127.0.0.1:8080 with -g or OPENFAAS_URL");
        }
    }
}

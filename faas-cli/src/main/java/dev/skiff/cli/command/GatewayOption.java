package dev.skiff.cli.command;

import picocli.CommandLine.Option;

/** {@code -g/--gateway} and {@code --tls-no-verify}, shared by every command that talks to a gateway. */
public final class GatewayOption {
    @Option(names = {"-g", "--gateway"}, paramLabel = "URL",
            description = "Gateway URL (default: the stack's provider.gateway if one is read, then $OPENFAAS_URL, "
                    + "then http://127.0.0.1:8080)")
    String url;

    @Option(names = "--tls-no-verify", description = "Accept any TLS certificate of an https:// gateway (self-signed, for testing)")
    boolean tlsNoVerify;
}

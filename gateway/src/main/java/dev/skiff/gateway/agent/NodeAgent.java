package dev.skiff.gateway.agent;

import dev.skiff.gateway.provider.swarm.DockerConnection;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Runs the node agent: {@code java -cp /app/gateway.jar dev.skiff.gateway.agent.NodeAgent}. Settings:
 * {@code agent_port} (8079) and {@code agent_token_file} (the gateway's admin password secret, which the
 * gateway sends as a bearer token).
 */
public final class NodeAgent {
    private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());
    static final String DEFAULT_TOKEN_FILE = "/run/secrets/basic-auth-password";

    private NodeAgent() {
    }

    public static void main(String[] args) throws IOException {
        LogConfig.configureRuntime();
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("agent_port", String.valueOf(AgentWire.PORT)));
        var tokenFile = Path.of(env.getOrDefault("agent_token_file", DEFAULT_TOKEN_FILE));
        if (!Files.isReadable(tokenFile)) {
            System.err.println("agent: cannot read agent_token_file " + tokenFile + ": mount the gateway's "
                    + "basic-auth-password secret, so that only the gateway can call the agent");
            System.exit(1);
        }
        var token = Files.readString(tokenFile).strip();
        var docker = DockerConnection.fromEnvironment();
        var server = WebServer.builder()
                .port(port)
                .routing(routing -> routing.register("/", new AgentService(docker, token)))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        LOG.info(() -> "node agent listening on port " + server.port());
    }
}

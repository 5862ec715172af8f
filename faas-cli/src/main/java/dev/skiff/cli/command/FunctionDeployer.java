package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayClient;
import dev.skiff.cli.stack.DeploymentMapper;
import dev.skiff.cli.stack.StackFunction;
import java.io.PrintStream;

/**
 * Deploys one function of a stack ({@code PUT}, then {@code POST} on 404) and prints faas-cli's lines:
 * {@code Deploying: NAME.}, {@code Deployed. 202 Accepted.} and the function's URL.
 */
final class FunctionDeployer {
    private final GatewayClient client;
    private final DeploymentMapper mapper;
    private final String url;

    FunctionDeployer(GatewayClient client, DeploymentMapper mapper, String url) {
        this.client = client;
        this.mapper = mapper;
        this.url = url;
    }

    /** @param image the image to deploy instead of the stack's, or null */
    void deploy(String name, StackFunction function, String image, PrintStream out) {
        var deployment = mapper.deployment(name, function, image == null ? function.image() : image);
        int status = client.deploy(deployment);
        synchronized (out) {
            out.println("Deploying: " + name + ".");
            out.println();
            out.println("Deployed. " + status + " " + (status == 202 ? "Accepted" : "OK") + ".");
            out.println("URL: " + url + "/function/" + name);
            out.println();
        }
    }
}

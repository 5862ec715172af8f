package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import dev.skiff.cli.Streams;
import dev.skiff.cli.stack.DeploymentMapper;
import dev.skiff.cli.stack.StackLoader;
import dev.skiff.cli.yaml.YamlReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code faas-cli deploy -f stack.yml}: for each function, {@code PUT /system/functions} and, when the
 * gateway answers 404 (a new function), {@code POST}. Goes on after a failed function and exits 1 at the end.
 */
@Command(name = "deploy", description = "Deploy the functions of a stack file.",
        footer = {"", "Examples:", "  faas-cli deploy -f stack.yml", "  faas-cli deploy -f stack.yml --filter \"echo*\""})
public final class DeployCommand implements Callable<Integer> {
    @Mixin StackFileOption stackFile;
    @Mixin SelectionOptions selection;
    @Mixin GatewayOption gateway;

    private final Streams streams;
    private final StackLoader stacks;
    private final GatewayConnector connector;
    private final Path workingDir;

    public DeployCommand(Streams streams, StackLoader stacks, GatewayConnector connector, Path workingDir) {
        this.streams = streams;
        this.stacks = stacks;
        this.connector = connector;
        this.workingDir = workingDir;
    }

    @Override
    public Integer call() {
        var stack = stackFile.require(stacks, workingDir);
        var selected = selection.filter().select(stack, stackFile.name(workingDir));
        if (selected.functions().isEmpty()) {
            throw new CliException(stackFile.name(workingDir) + " has no functions to deploy; add them under functions:");
        }
        var url = connector.gatewayUrl(gateway.url, stack.gateway());
        var client = connector.connect(url);
        var stackDir = stackFile.path(workingDir).orElseThrow().toAbsolutePath().getParent();
        var mapper = new DeploymentMapper(stackDir, new YamlReader(streams.err()));
        var out = streams.out();
        int failed = 0;
        for (var entry : selected.functions().entrySet()) {
            var name = entry.getKey();
            out.println("Deploying: " + name + ".");
            try {
                int status = client.deploy(mapper.deployment(name, entry.getValue()));
                out.println();
                out.println("Deployed. " + status + " " + (status == 202 ? "Accepted" : "OK") + ".");
                out.println("URL: " + url + "/function/" + name);
                out.println();
            } catch (GatewayException e) {
                if (GatewayErrors.affectsEveryCall(e)) {
                    throw e;
                }
                streams.err().println("Deploying " + name + " failed: " + e.getMessage());
                failed++;
            } catch (CliException e) {
                streams.err().println("Deploying " + name + " failed: " + e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            streams.err().println(failed + " of " + selected.functions().size() + " functions failed to deploy.");
            return 1;
        }
        return 0;
    }
}

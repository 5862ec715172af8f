package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import dev.skiff.cli.stack.DeploymentMapper;
import dev.skiff.cli.yaml.YamlReader;
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

    private final CommandContext context;

    public DeployCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var stack = stackFile.require(context.stacks(), context.workingDir());
        var functions = selection.require(stack, stackFile.name(context.workingDir()),
                " to deploy; add them under functions:");
        var url = context.connector().gatewayUrl(gateway.url, stack.gateway());
        var client = context.connector().connect(url, gateway.tlsNoVerify);
        var stackDir = stackFile.path(context.workingDir()).orElseThrow().toAbsolutePath().getParent();
        var deployer = new FunctionDeployer(client, new DeploymentMapper(stackDir, new YamlReader(context.streams().err())), url);
        var out = context.streams().out();
        int failed = 0;
        for (var entry : functions.entrySet()) {
            var name = entry.getKey();
            try {
                deployer.deploy(name, entry.getValue(), null, out);
            } catch (GatewayException e) {
                if (GatewayErrors.affectsEveryCall(e)) {
                    throw e;
                }
                context.streams().err().println("Deploying " + name + " failed: " + e.getMessage());
                failed++;
            } catch (CliException e) {
                context.streams().err().println("Deploying " + name + " failed: " + e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            context.streams().err().println(failed + " of " + functions.size() + " functions failed to deploy.");
            return 1;
        }
        return 0;
    }
}

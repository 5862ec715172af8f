package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import dev.skiff.cli.image.ImageBuilder;
import dev.skiff.cli.stack.DeploymentMapper;
import dev.skiff.cli.yaml.YamlReader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faas-cli up}: build, push and deploy each function, the functions in parallel. Pushing goes to
 * the local registry for images that name none, and the pushed reference is deployed with its digest
 * ({@code 127.0.0.1:5000/echo:latest@sha256:…}), so every node runs exactly what was pushed; {@code --skip-push} deploys the local image instead (a single-node swarm needs no registry).
 */
@Command(name = "up", description = "Build, push and deploy the functions of a stack file.",
        footer = {"", "Examples:", "  faas-cli up -f stack.yml", "  faas-cli up --skip-push --filter echo"})
public final class UpCommand implements Callable<Integer> {
    @Mixin StackFileOption stackFile;
    @Mixin SelectionOptions selection;
    @Mixin BuildOptions options;
    @Mixin PushOptions push;
    @Mixin GatewayOption gateway;

    @Option(names = "--skip-push", description = "Do not push; deploy the local image")
    boolean skipPush;

    @Option(names = "--skip-deploy", description = "Build (and push) only")
    boolean skipDeploy;

    private final CommandContext context;

    public UpCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var stack = stackFile.require(context.stacks(), context.workingDir());
        var functions = selection.require(stack, stackFile.name(context.workingDir()), "; add them under functions:");
        var stackDir = stackFile.path(context.workingDir()).orElseThrow().toAbsolutePath().getParent();
        var jobs = new BuildJobs(context.templates(), stackDir, stack);
        var builder = new ImageBuilder(context.skiffHome());
        var lines = new FunctionLines(context.streams().out(), functions.size() > 1, options.quiet);
        var url = context.connector().gatewayUrl(gateway.url, stack.gateway());
        var deployer = skipDeploy ? null : new FunctionDeployer(context.connector().connect(url, gateway.tlsNoVerify),
                new DeploymentMapper(stackDir, new YamlReader(context.streams().err())), url);
        int failed = Parallel.run(List.copyOf(functions.keySet()), options.parallel, context.streams().err(), name -> {
            var function = functions.get(name);
            BuildCommand.build(builder, jobs, name, lines, function, options.buildArgs);
            String image = function.image();
            if (!skipPush) {
                // Deployed by digest: the gateway creates services through the Docker API, which (unlike
                // the docker CLI) does not resolve one, and a pinned digest rolls the service on every push.
                var pushed = PushCommand.push(name, function.image(), push.registry, lines);
                image = pushed.digest().isEmpty() ? pushed.reference() : pushed.reference() + "@" + pushed.digest();
            }
            if (deployer != null) {
                try {
                    deployer.deploy(name, function, image, context.streams().out());
                } catch (GatewayException e) {
                    throw new CliException("deploying " + name + " failed: " + e.getMessage(), e);
                }
            }
        });
        if (failed > 0) {
            context.streams().err().println(failed + " of " + functions.size() + " functions failed.");
            return 1;
        }
        return 0;
    }
}

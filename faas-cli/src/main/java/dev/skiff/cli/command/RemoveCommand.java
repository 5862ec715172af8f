package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.Streams;
import dev.skiff.cli.stack.StackLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code faas-cli remove NAME} or {@code faas-cli remove -f stack.yml}: {@code DELETE /system/functions}
 * for the named function, or for each function of the stack. Unlike faas-cli, a name given on the
 * command line removes only that function even when a stack file is present (the stack then only
 * chooses the gateway), and a function that is not deployed is an error (exit 1).
 */
@Command(name = "remove", aliases = "rm", description = "Remove a function, or every function of a stack file.",
        footer = {"", "Examples:", "  faas-cli remove echo", "  faas-cli remove -f stack.yml --filter \"echo*\""})
public final class RemoveCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Function to remove")
    String name;

    @Mixin StackFileOption stackFile;
    @Mixin SelectionOptions selection;
    @Mixin GatewayOption gateway;

    private final Streams streams;
    private final StackLoader stacks;
    private final GatewayConnector connector;
    private final Path workingDir;

    public RemoveCommand(Streams streams, StackLoader stacks, GatewayConnector connector, Path workingDir) {
        this.streams = streams;
        this.stacks = stacks;
        this.connector = connector;
        this.workingDir = workingDir;
    }

    @Override
    public Integer call() {
        List<String> names;
        String url;
        if (name != null) {
            names = List.of(name);
            url = connector.gatewayUrl(gateway.url, stackFile.gateway(stacks, workingDir));
        } else {
            var stack = stackFile.require(stacks, workingDir);
            names = List.copyOf(selection.filter().select(stack, stackFile.name(workingDir)).functions().keySet());
            url = connector.gatewayUrl(gateway.url, stack.gateway());
        }
        var client = connector.connect(url);
        int failed = 0;
        for (var function : names) {
            streams.out().println("Deleting: " + function + ".");
            try {
                client.remove(function);
                streams.out().println("Removed.");
            } catch (GatewayException e) {
                if (GatewayErrors.affectsEveryCall(e)) {
                    throw e;
                }
                streams.err().println(e.status() == 404
                        ? "function " + function + " not found on " + url + "; run faas-cli list"
                        : "Removing " + function + " failed: " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}

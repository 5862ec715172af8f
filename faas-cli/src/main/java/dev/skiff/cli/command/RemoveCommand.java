package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
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

    private final CommandContext context;

    public RemoveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> names;
        String url;
        if (name != null) {
            names = List.of(name);
            url = context.connector().gatewayUrl(gateway.url, stackFile.gateway(context.stacks(), context.workingDir()));
        } else {
            var stack = stackFile.require(context.stacks(), context.workingDir());
            names = List.copyOf(selection.filter().select(stack, stackFile.name(context.workingDir())).functions().keySet());
            url = context.connector().gatewayUrl(gateway.url, stack.gateway());
        }
        var client = context.connector().connect(url, gateway.tlsNoVerify);
        int failed = 0;
        for (var function : names) {
            context.streams().out().println("Deleting: " + function + ".");
            try {
                client.remove(function);
                context.streams().out().println("Removed.");
            } catch (GatewayException e) {
                if (GatewayErrors.affectsEveryCall(e)) {
                    throw e;
                }
                context.streams().err().println(e.status() == 404
                        ? "function " + function + " not found on " + url + "; run faas-cli list"
                        : "Removing " + function + " failed: " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}

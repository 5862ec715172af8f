package dev.skiff.cli.command;

import dev.skiff.api.FunctionStatus;
import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code faas-cli describe NAME}: {@code GET /system/function/NAME}, printed as faas-cli does
 * (name, status, replicas, invocations, image, process, URLs, labels, annotations, resources).
 */
@Command(name = "describe", description = "Show the details of a deployed function.",
        footer = {"", "Example:", "  faas-cli describe echo"})
public final class DescribeCommand implements Callable<Integer> {
    private static final String ROW = "%-20s %s%n";

    @Parameters(index = "0", paramLabel = "NAME", description = "Function to describe")
    String name;

    @Mixin StackFileOption stackFile;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public DescribeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, stackFile.gateway(context.stacks(), context.workingDir()));
        FunctionStatus function;
        try {
            function = context.connector().connect(url, gateway.tlsNoVerify).getFunction(name);
        } catch (GatewayException e) {
            if (e.status() == 404) {
                throw new CliException("function " + name + " not found on " + url + "; run faas-cli list");
            }
            throw e;
        }
        print(context.streams().out(), url, function);
        return 0;
    }

    private static void print(PrintStream out, String url, FunctionStatus f) {
        out.printf(ROW, "Name:", f.name());
        out.printf(ROW, "Status:", f.availableReplicas() > 0 ? "Ready" : "Not Ready");
        out.printf(ROW, "Replicas:", f.replicas());
        out.printf(ROW, "Available Replicas:", f.availableReplicas());
        out.printf(ROW, "Invocations:", (long) f.invocationCount());
        out.printf(ROW, "Image:", f.image());
        out.printf(ROW, "Function Process:", f.envProcess() == null ? "<default>" : f.envProcess());
        out.printf(ROW, "URL:", url + "/function/" + f.name());
        out.printf(ROW, "Async URL:", url + "/async-function/" + f.name());
        if (f.reason() != null && !f.reason().isBlank()) {
            out.printf(ROW, "Reason:", f.reason());
        }
        map(out, "Labels:", f.labels());
        map(out, "Annotations:", f.annotations());
        map(out, "Environment:", f.envVars());
        if (f.secrets() != null && !f.secrets().isEmpty()) {
            out.printf(ROW, "Secrets:", String.join(", ", f.secrets()));
        }
        if (f.limits() != null) {
            out.printf(ROW, "Limits:", resources(f.limits()));
        }
        if (f.requests() != null) {
            out.printf(ROW, "Requests:", resources(f.requests()));
        }
        if (f.createdAt() != null) {
            out.printf(ROW, "Created:", f.createdAt());
        }
    }

    private static void map(PrintStream out, String title, Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        out.println(title);
        values.forEach((k, v) -> out.println("  " + k + ": " + v));
    }

    private static String resources(dev.skiff.api.FunctionResources r) {
        return "memory=" + (r.memory() == null ? "-" : r.memory()) + " cpu=" + (r.cpu() == null ? "-" : r.cpu());
    }
}

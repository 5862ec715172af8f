package dev.skiff.cli.command;

import dev.skiff.api.FunctionStatus;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faas-cli list}: {@code GET /system/functions}, printed in faas-cli's columns, sorted by name.
 * <pre>
 * Function                      	Invocations    	Replicas
 * echo                          	3              	1
 * </pre>
 */
@Command(name = "list", aliases = "ls", description = "List the deployed functions.")
public final class ListCommand implements Callable<Integer> {
    // faas-cli's column formats, kept so scripts that parse its output work with ours.
    private static final String ROW = "%-30s\t%-15s\t%-5s%n";
    private static final String VERBOSE_ROW = "%-30s\t%-40s\t%-15s\t%-5s%n";
    private static final int IMAGE_WIDTH = 40;

    @Option(names = {"-v", "--verbose"}, description = "Also show each function's image")
    boolean verbose;

    @Mixin StackFileOption stackFile;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public ListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, stackFile.gateway(context.stacks(), context.workingDir()));
        var functions = context.connector().connect(url, gateway.tlsNoVerify).listFunctions().stream()
                .sorted(Comparator.comparing(FunctionStatus::name))
                .toList();
        var out = context.streams().out();
        if (verbose) {
            out.printf(VERBOSE_ROW, "Function", "Image", "Invocations", "Replicas");
            functions.forEach(f -> out.printf(VERBOSE_ROW, f.name(), shorten(f.image()), invocations(f), f.replicas()));
        } else {
            out.printf(ROW, "Function", "Invocations", "Replicas");
            functions.forEach(f -> out.printf(ROW, f.name(), invocations(f), f.replicas()));
        }
        return 0;
    }

    private static long invocations(FunctionStatus function) {
        return (long) function.invocationCount();
    }

    private static String shorten(String image) {
        if (image == null) {
            return "";
        }
        return image.length() > IMAGE_WIDTH ? image.substring(0, IMAGE_WIDTH - 2) + ".." : image;
    }
}

package dev.skiff.cli.command;

import dev.skiff.cli.CliException;
import dev.skiff.cli.image.ImagePusher;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faas-cli push}: pushes each function's image. An image naming no registry ({@code echo:latest})
 * goes to the local registry as {@code 127.0.0.1:5000/echo:latest} (see {@link ImagePusher}).
 */
@Command(name = "push", description = "Push the images of a stack file's functions to a registry.",
        footer = {"", "Examples:", "  bin/lib/registry.sh start && faas-cli push -f stack.yml"})
public final class PushCommand implements Callable<Integer> {
    @Mixin StackFileOption stackFile;
    @Mixin SelectionOptions selection;
    @Mixin PushOptions push;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Push up to N images at once (default: ${DEFAULT-VALUE})")
    int parallel;

    private final CommandContext context;

    public PushCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var stack = stackFile.require(context.stacks(), context.workingDir());
        var functions = selection.require(stack, stackFile.name(context.workingDir()), " to push");
        var lines = new FunctionLines(context.streams().out(), functions.size() > 1, true);
        int failed = Parallel.run(List.copyOf(functions.keySet()), parallel, context.streams().err(), name -> {
            var image = functions.get(name).image();
            if (image == null || image.isBlank()) {
                throw new CliException("function " + name + " has no image; add image: to it in the stack file");
            }
            push(name, image, push.registry, lines);
        });
        return failed == 0 ? 0 : 1;
    }

    static ImagePusher.Pushed push(String name, String image, String registry, FunctionLines lines) {
        lines.progress(name, "Pushing: " + name + " as " + ImagePusher.target(image, registry) + ".");
        var pushed = ImagePusher.push(image, registry, lines.output(name));
        lines.progress(name, "Pushed: " + pushed.reference() + (pushed.digest().isEmpty() ? "" : "@" + pushed.digest()) + ".");
        return pushed;
    }
}

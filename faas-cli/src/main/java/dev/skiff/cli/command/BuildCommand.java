package dev.skiff.cli.command;

import dev.skiff.cli.image.ImageBuilder;
import dev.skiff.cli.stack.StackFunction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code faas-cli build}: for each function with a {@code lang}, assembles {@code build/NAME} from its
 * template and handler and runs {@code docker build -t IMAGE}. Functions build in parallel
 * ({@code --parallel}); the output of each is shown, prefixed with its name, or one line per step
 * with {@code --quiet}. No registry is needed: base images are built locally on first use.
 */
@Command(name = "build", description = "Build the images of a stack file's functions.",
        footer = {"", "Examples:", "  faas-cli build -f stack.yml", "  faas-cli build --filter \"api-*\" --parallel 2 -q"})
public final class BuildCommand implements Callable<Integer> {
    @Mixin StackFileOption stackFile;
    @Mixin SelectionOptions selection;
    @Mixin BuildOptions options;

    private final CommandContext context;

    public BuildCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var stack = stackFile.require(context.stacks(), context.workingDir());
        var functions = selection.require(stack, stackFile.name(context.workingDir()), " to build");
        var stackDir = stackFile.path(context.workingDir()).orElseThrow().toAbsolutePath().getParent();
        var jobs = new BuildJobs(context.templates(), stackDir, stack);
        var builder = new ImageBuilder(context.skiffHome());
        var lines = new FunctionLines(context.streams().out(), functions.size() > 1, options.quiet);
        int failed = Parallel.run(List.copyOf(functions.keySet()), options.parallel, context.streams().err(), name ->
                build(builder, jobs, name, lines, functions.get(name), options.buildArgs));
        return failed == 0 ? 0 : 1;
    }

    /** Builds one function (shared with {@code up}); prints a progress line before and after. */
    static void build(ImageBuilder builder, BuildJobs jobs, String name, FunctionLines lines, StackFunction function,
                      Map<String, String> buildArgs) {
        var job = jobs.job(name, function, buildArgs);
        if (job.isEmpty()) {
            lines.progress(name, "Skipping build of " + name + " (no lang, or skip_build).");
            return;
        }
        long start = System.nanoTime();
        lines.progress(name, "Building: " + name + " (" + job.get().template().name() + ") as " + job.get().image() + ".");
        builder.build(job.get(), lines.output(name));
        lines.progress(name, String.format("Image: %s built in %.1f s.", job.get().image(), (System.nanoTime() - start) / 1e9));
    }
}

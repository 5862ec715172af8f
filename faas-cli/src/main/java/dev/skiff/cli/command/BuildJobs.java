package dev.skiff.cli.command;

import dev.skiff.cli.CliException;
import dev.skiff.cli.image.ImageBuilder;
import dev.skiff.cli.stack.Stack;
import dev.skiff.cli.stack.StackFunction;
import dev.skiff.cli.template.TemplateStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the functions of a stack into build jobs: template, handler folder, image, build arguments. */
final class BuildJobs {
    private final TemplateStore templates;
    private final Path stackDir;
    private final Stack stack;

    BuildJobs(TemplateStore templates, Path stackDir, Stack stack) {
        this.templates = templates;
        this.stackDir = stackDir;
        this.stack = stack;
    }

    /** The job, or empty for a function without {@code lang} or with {@code skip_build}. */
    Optional<ImageBuilder.Job> job(String name, StackFunction function, Map<String, String> extraArgs) {
        if (function.skipBuild() || function.lang() == null || function.lang().isBlank()) {
            return Optional.empty();
        }
        if (function.image() == null || function.image().isBlank()) {
            throw new CliException("function " + name + " has no image; add image: " + name + ":latest to it in the stack file");
        }
        if (function.handler() == null || function.handler().isBlank()) {
            throw new CliException("function " + name + " has no handler; add handler: ./" + name + " to it in the stack file");
        }
        var args = new LinkedHashMap<>(function.buildArgs());
        args.putAll(extraArgs);
        var copy = stack.configuration() == null || stack.configuration().copy() == null
                ? List.<Path>of()
                : stack.configuration().copy().stream().map(stackDir::resolve).toList();
        return Optional.of(new ImageBuilder.Job(name, function.image(), stackDir.resolve(function.handler()).normalize(),
                templates.require(function.lang()), args, stackDir.resolve("build"), copy));
    }
}

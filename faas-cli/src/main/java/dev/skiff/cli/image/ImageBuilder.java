package dev.skiff.cli.image;

import dev.skiff.cli.CliException;
import dev.skiff.cli.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds one function's image: assembles {@code build/NAME}, makes sure the template's local base
 * images exist ({@code images/bases.sh}, built once and cached by dockerd), runs the template's host
 * build step, then {@code docker build} (the legacy builder: this Docker has no buildx).
 */
public final class ImageBuilder {
    private final Path skiffHome;

    /** @param skiffHome the Skiff checkout ({@code $SKIFF_HOME}) holding images/bases.sh; null if unknown */
    public ImageBuilder(Path skiffHome) {
        this.skiffHome = skiffHome;
    }

    /**
     * What to build.
     *
     * @param name      function name
     * @param image     tag to give the image
     * @param handler   handler folder
     * @param template  the function's template
     * @param buildArgs {@code build_args} of the stack
     * @param buildRoot the {@code build/} folder
     * @param copy      {@code configuration.copy} paths
     */
    public record Job(String name, String image, Path handler, Template template, Map<String, String> buildArgs,
                      Path buildRoot, List<Path> copy) {
    }

    /** Builds; {@code log} gets every line of output. Fails with the last lines and what to do. */
    public void build(Job job, Consumer<String> log) {
        var context = BuildContext.assemble(job.name(), job.handler(), job.template(), job.buildRoot(), job.copy());
        ensureBaseImages(job, log);
        runBuildCommand(job, context, log);
        var command = new ArrayList<>(List.of("docker", "build", "-t", job.image()));
        job.buildArgs().forEach((key, value) -> command.addAll(List.of("--build-arg", key + "=" + value)));
        command.add(".");
        var result = HostCommand.run(command, context, Map.of(), withoutDeprecationNotice(log));
        if (!result.ok()) {
            throw new CliException("docker build of " + job.name() + " failed (exit " + result.exitCode() + "):\n"
                    + result.tail() + "\nThe build context is " + context + ". A missing skiff/* base image is built by "
                    + "images/build.sh (watchdog) or images/bases.sh (debian, python3, node).");
        }
    }

    private void ensureBaseImages(Job job, Consumer<String> log) {
        var targets = new LinkedHashSet<String>();
        job.template().spec().baseImages().forEach((arg, target) -> {
            if (!job.buildArgs().containsKey(arg)) {
                targets.add(target);
            }
        });
        if (targets.isEmpty() || skiffHome == null) {
            return;
        }
        var script = skiffHome.resolve("images/bases.sh");
        if (!Files.isExecutable(script)) {
            return;
        }
        var command = new ArrayList<>(List.of(script.toString()));
        command.addAll(targets);
        var result = HostCommand.run(command, skiffHome, Map.of(), log);
        if (!result.ok()) {
            throw new CliException("building the base images " + targets + " failed:\n" + result.tail()
                    + "\nRun " + script + " " + String.join(" ", targets) + " to see why, or set the template's base "
                    + "image in build_args (e.g. a public image when online).");
        }
    }

    private static void runBuildCommand(Job job, Path context, Consumer<String> log) {
        var buildCommand = job.template().spec().buildCommand();
        if (buildCommand == null || buildCommand.isBlank()) {
            return;
        }
        var dir = job.template().isDockerfile() ? context : context.resolve(job.template().spec().handlerFolder());
        log.accept("Running " + buildCommand + " in " + dir);
        var result = HostCommand.run(List.of("sh", "-c", buildCommand), dir, Map.of(), log);
        if (!result.ok()) {
            var hint = result.tail().contains("function-runtime")
                    ? "\nThe Skiff SDK is not in ~/.m2: run mvn -o -q install -pl function-runtime -am in the Skiff checkout."
                    : "";
            throw new CliException("the build step of " + job.name() + " (" + buildCommand + ") failed (exit "
                    + result.exitCode() + "):\n" + result.tail() + hint);
        }
    }

    // The legacy builder opens with a multi-line notice that buildx is missing; it is noise on every build here.
    private static Consumer<String> withoutDeprecationNotice(Consumer<String> log) {
        var inNotice = new boolean[] {false};
        return line -> {
            if (line.startsWith("DEPRECATED: The legacy builder")) {
                inNotice[0] = true;
                return;
            }
            if (inNotice[0]) {
                if (line.isBlank()) {
                    inNotice[0] = false;
                }
                if (line.isBlank() || line.startsWith(" ")) {
                    return;
                }
                inNotice[0] = false;
            }
            log.accept(line);
        };
    }
}

package dev.skiff.cli.image;

import dev.skiff.cli.CliException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes a function's image. An image that names a registry ({@code 127.0.0.1:5000/echo:1},
 * {@code ghcr.io/me/echo}) is pushed as it is; one that does not ({@code echo:latest}) is tagged
 * {@code REGISTRY/echo:latest} first, REGISTRY being the local one ({@code 127.0.0.1:5000} unless
 * {@code --registry} says otherwise). The pushed reference is what gets deployed, so swarm records its
 * digest and every node can pull it.
 */
public final class ImagePusher {
    /** Where Skiff's local registry listens (bin/lib/registry.sh). */
    public static final String LOCAL_REGISTRY = "127.0.0.1:5000";
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private ImagePusher() {
    }

    /**
     * The pushed image.
     *
     * @param reference what was pushed, e.g. {@code 127.0.0.1:5000/echo:latest}
     * @param digest    the registry's digest of it
     */
    public record Pushed(String reference, String digest) {
    }

    /** The reference {@code image} is pushed as. */
    public static String target(String image, String registry) {
        return namesRegistry(image) ? image : registry + "/" + image;
    }

    /** True when the first path component is a registry host (has a dot or a port, or is localhost). */
    public static boolean namesRegistry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return false;
        }
        var first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /** Tags (if needed) and pushes; {@code log} gets docker's output. */
    public static Pushed push(String image, String registry, Consumer<String> log) {
        var target = target(image, registry);
        if (!target.equals(image)) {
            var tag = HostCommand.run(List.of("docker", "tag", image, target), Path.of("."), Map.of(), log);
            if (!tag.ok()) {
                throw new CliException("docker tag " + image + " " + target + " failed: " + tag.tail()
                        + "\nBuild the image first: faas-cli build");
            }
        }
        var result = HostCommand.run(List.of("docker", "push", target), Path.of("."), Map.of(), log);
        if (!result.ok()) {
            var hint = result.tail().contains("connection refused") && target.startsWith(LOCAL_REGISTRY)
                    ? "\nThe local registry is not running: start it with bin/lib/registry.sh start"
                    : "";
            throw new CliException("docker push " + target + " failed:\n" + result.tail() + hint);
        }
        var digest = result.lastLines().stream().map(DIGEST::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).reduce((a, b) -> b).orElse("");
        return new Pushed(target, digest);
    }
}

package dev.skiff.cli.command;

import dev.skiff.cli.image.ImagePusher;
import picocli.CommandLine.Option;

/** {@code --registry}: where images that name no registry are pushed. */
public final class PushOptions {
    @Option(names = "--registry", paramLabel = "HOST:PORT", defaultValue = ImagePusher.LOCAL_REGISTRY,
            description = "Registry for images that name none (default: ${DEFAULT-VALUE}, started by bin/lib/registry.sh)")
    String registry;
}

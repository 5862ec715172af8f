package dev.skiff.cli.command;

import dev.skiff.cli.Streams;
import dev.skiff.cli.stack.StackLoader;
import java.nio.file.Path;

/**
 * What the commands that talk to a gateway share: where they write, how they read stack files, how they
 * reach the gateway, and the folder relative paths start from.
 *
 * @param streams    stdin, stdout and stderr
 * @param stacks     reads stack files, with variable substitution
 * @param connector  opens gateway clients with the saved credentials
 * @param workingDir the folder the command runs in
 */
public record CommandContext(Streams streams, StackLoader stacks, GatewayConnector connector, Path workingDir) {
}

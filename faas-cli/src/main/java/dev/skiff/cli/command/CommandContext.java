package dev.skiff.cli.command;

import dev.skiff.cli.Streams;
import dev.skiff.cli.stack.StackLoader;
import dev.skiff.cli.template.TemplateStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands share: where they write, how they read stack files, how they reach the gateway,
 * the folder relative paths start from, and, for the build commands, the templates and Skiff's checkout.
 *
 * @param streams    stdin, stdout and stderr
 * @param stacks     reads stack files, with variable substitution
 * @param connector  opens gateway clients with the saved credentials
 * @param workingDir the folder the command runs in
 * @param templates  the function templates
 * @param skiffHome  Skiff's checkout ({@code $SKIFF_HOME}, set by bin/faas-cli), holding images/bases.sh;
 *                   null when unknown
 * @param variables  the environment (OPENFAAS_PREFIX...)
 */
public record CommandContext(Streams streams, StackLoader stacks, GatewayConnector connector, Path workingDir,
                             TemplateStore templates, Path skiffHome, Map<String, String> variables) {
}

package dev.skiff.cli.command;

import dev.skiff.cli.CliException;
import dev.skiff.cli.image.BuildContext;
import dev.skiff.cli.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas-cli new NAME --lang LANG}: copies the template's handler skeleton to {@code ./NAME} and adds
 * the function to the stack file ({@code stack.yml} unless {@code -f}), creating it if needed. Its image
 * is {@code [PREFIX/]NAME:latest}, PREFIX from {@code --prefix} or {@code OPENFAAS_PREFIX}.
 * {@code new --list} lists the languages.
 */
@Command(name = "new", description = "Create a function from a template.",
        footer = {"", "Examples:", "  faas-cli new hello --lang python3-http", "  faas-cli new --list"})
public final class NewCommand implements Callable<Integer> {
    // Function names become swarm service names and DNS labels (API.md: the gateway's rule).
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Function name")
    String name;

    @Option(names = "--lang", paramLabel = "LANG", description = "Template to use (see --list)")
    String lang;

    @Option(names = {"-p", "--prefix"}, paramLabel = "PREFIX",
            description = "Image prefix, e.g. a registry or user (default: $OPENFAAS_PREFIX)")
    String prefix;

    @Option(names = "--list", description = "List the templates")
    boolean list;

    @Option(names = {"-f", "--yaml"}, paramLabel = "FILE", description = "Stack file to create or add to (default: stack.yml)")
    Path file;

    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public NewCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (list) {
            return new TemplateListCommand(context).call();
        }
        if (name == null || lang == null) {
            throw new CliException("give a name and a language: faas-cli new NAME --lang LANG (faas-cli new --list shows them)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new CliException("\"" + name + "\" is not a valid function name: use lower-case letters, digits and "
                    + "dashes, starting and ending with a letter or digit");
        }
        var template = context.templates().require(lang);
        var stackPath = context.workingDir().resolve(file == null ? Path.of("stack.yml") : file);
        var handler = context.workingDir().resolve(name);
        if (Files.exists(handler)) {
            throw new CliException("folder " + handler + " exists already; choose another name or remove it");
        }
        if (Files.exists(stackPath) && functionIsListed(stackPath)) {
            throw new CliException("function " + name + " is already in " + stackPath + "; choose another name");
        }
        BuildContext.copyTree(template.skeleton(), handler);
        var created = writeStack(stackPath, template);
        var out = context.streams().out();
        out.println("Folder: " + name + " created.");
        out.println((created ? "Stack file written: " : "Function added to: ") + context.workingDir().relativize(stackPath));
        if (template.spec().welcomeMessage() != null) {
            out.println();
            out.print(template.spec().welcomeMessage());
        }
        return 0;
    }

    private boolean functionIsListed(Path stackPath) {
        var stack = context.stacks().load(stackPath);
        return stack.functions().containsKey(name);
    }

    // Text is appended rather than the YAML re-written, so the user's comments and layout stay.
    private boolean writeStack(Path stackPath, Template template) {
        var image = imagePrefix() + name + ":latest";
        var entry = "  " + name + ":\n"
                + "    lang: " + template.name() + "\n"
                + "    handler: ./" + name + "\n"
                + "    image: " + image + "\n";
        try {
            if (Files.exists(stackPath)) {
                var text = Files.readString(stackPath);
                Files.writeString(stackPath, (text.endsWith("\n") ? "" : "\n") + entry, StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
                return false;
            }
            var url = context.connector().gatewayUrl(gateway.url, java.util.Optional.empty());
            Files.writeString(stackPath, "version: 1.0\nprovider:\n  name: openfaas\n  gateway: " + url
                    + "\nfunctions:\n" + entry, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new CliException("cannot write " + stackPath + ": " + e.getMessage(), e);
        }
    }

    private String imagePrefix() {
        var value = prefix != null ? prefix : context.variables().getOrDefault("OPENFAAS_PREFIX", "");
        value = value.strip().replaceAll("/+$", "");
        return value.isEmpty() ? "" : value + "/";
    }
}

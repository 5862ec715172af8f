package dev.skiff.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code faas-cli template list}: the languages {@code new --lang} accepts, and where each comes from. */
@Command(name = "list", aliases = "ls", description = "List the templates (languages) available.")
public final class TemplateListCommand implements Callable<Integer> {
    private final CommandContext context;

    public TemplateListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var out = context.streams().out();
        var templates = context.templates().list();
        if (templates.isEmpty()) {
            context.streams().err().println("No templates found: set SKIFF_HOME to the Skiff checkout (bin/faas-cli does), "
                    + "or put templates in ./template/");
            return 1;
        }
        out.printf("%-20s %s%n", "NAME", "SOURCE");
        templates.values().forEach(t -> out.printf("%-20s %s%n", t.name(), t.dir().getParent()));
        return 0;
    }
}

package dev.skiff.cli;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.command.BuildCommand;
import dev.skiff.cli.command.DeadLettersCommand;
import dev.skiff.cli.command.DeployCommand;
import dev.skiff.cli.command.DescribeCommand;
import dev.skiff.cli.command.LogsCommand;
import dev.skiff.cli.command.NewCommand;
import dev.skiff.cli.command.PushCommand;
import dev.skiff.cli.command.SecretCommand;
import dev.skiff.cli.command.SecretCreateCommand;
import dev.skiff.cli.command.SecretListCommand;
import dev.skiff.cli.command.SecretRemoveCommand;
import dev.skiff.cli.command.SecretUpdateCommand;
import dev.skiff.cli.command.TemplateCommand;
import dev.skiff.cli.command.TemplateListCommand;
import dev.skiff.cli.command.UpCommand;
import dev.skiff.cli.command.FaasCli;
import dev.skiff.cli.command.CommandContext;
import dev.skiff.cli.command.GatewayConnector;
import dev.skiff.cli.command.InvokeCommand;
import dev.skiff.cli.command.ListCommand;
import dev.skiff.cli.command.LoginCommand;
import dev.skiff.cli.command.LogoutCommand;
import dev.skiff.cli.command.RemoveCommand;
import dev.skiff.cli.command.VersionCommand;
import dev.skiff.cli.config.CliEnvironment;
import dev.skiff.cli.stack.StackLoader;
import dev.skiff.cli.template.TemplateStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of {@code faas-cli}. Reads the environment once, builds each command with exactly what
 * it needs, runs the one asked for and exits with its code: 0 success, 1 failure, 2 bad usage.
 */
public final class Main {
    private static final String HTTP_LOG_PROPERTY = "jdk.httpclient.HttpClient.log";
    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, CliEnvironment.fromSystem(), Streams.system()));
    }

    /** Runs one command line; tests call this in-process with their own environment and streams. */
    public static int run(String[] args, CliEnvironment environment, Streams streams) {
        if (environment.debug()) {
            // The JDK client logs each request line and status itself (to stderr, through
            // java.util.logging): nothing to wrap. One line per message instead of JUL's two.
            System.setProperty(HTTP_LOG_PROPERTY, "requests");
            System.setProperty(LOG_FORMAT_PROPERTY, "%5$s%n");
        }
        try (var connector = new GatewayConnector(environment)) {
            return commandLine(args, environment, streams, connector).execute(args);
        }
    }

    static CommandLine commandLine(String[] args, CliEnvironment environment, Streams streams, GatewayConnector connector) {
        var stacks = new StackLoader(environment.variables(), streams.err());
        var templates = new TemplateStore(environment.templateRoots());
        var context = new CommandContext(streams, stacks, connector, environment.workingDir(), templates,
                environment.skiffHome().orElse(null), environment.variables());
        var cli = new CommandLine(new FaasCli(streams));
        var commands = commands(context, streams, connector);
        // picocli builds each command's model by reflection; for a short-lived client that is most of
        // its start-up. Only the command asked for is built, unless the line needs them all (help,
        // no command, a typo that picocli should answer with suggestions).
        var asked = args.length > 0 ? commands.get(args[0]) : null;
        if (asked != null) {
            cli.addSubcommand(asked.get());
        } else {
            commands.values().stream().distinct().forEach(command -> cli.addSubcommand(command.get()));
            cli.addSubcommand(new CommandLine.HelpCommand());
        }
        cli.setOut(new PrintWriter(streams.out(), true));
        cli.setErr(new PrintWriter(streams.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, streams, environment.debug()));
        return cli;
    }

    /** Every command, by its name and aliases, each built only when asked for. */
    private static Map<String, Supplier<Object>> commands(CommandContext context, Streams streams,
                                                          GatewayConnector connector) {
        var commands = new LinkedHashMap<String, Supplier<Object>>();
        add(commands, () -> new DeployCommand(context), "deploy");
        add(commands, () -> new ListCommand(context), "list", "ls");
        add(commands, () -> new DeadLettersCommand(context), "dead-letters");
        add(commands, () -> new InvokeCommand(context), "invoke");
        add(commands, () -> new RemoveCommand(context), "remove", "rm");
        add(commands, () -> new LoginCommand(streams, connector), "login");
        add(commands, () -> new LogoutCommand(streams, connector), "logout");
        add(commands, () -> new VersionCommand(context), "version");
        add(commands, () -> new NewCommand(context), "new");
        add(commands, () -> new BuildCommand(context), "build");
        add(commands, () -> new PushCommand(context), "push");
        add(commands, () -> new UpCommand(context), "up");
        add(commands, () -> new DescribeCommand(context), "describe");
        add(commands, () -> new LogsCommand(context), "logs");
        add(commands, () -> new CommandLine(new SecretCommand(streams))
                .addSubcommand(new SecretCreateCommand(context))
                .addSubcommand(new SecretListCommand(context))
                .addSubcommand(new SecretUpdateCommand(context))
                .addSubcommand(new SecretRemoveCommand(context)), "secret");
        add(commands, () -> new CommandLine(new TemplateCommand(streams))
                .addSubcommand(new TemplateListCommand(context)), "template");
        return commands;
    }

    private static void add(Map<String, Supplier<Object>> commands, Supplier<Object> command, String... names) {
        for (var name : names) {
            commands.put(name, command);
        }
    }

    // Expected failures carry a message saying what to do: print it alone. Anything else is a bug.
    private static int report(Exception e, Streams streams, boolean debug) {
        var err = streams.err();
        if (e instanceof CliException || e instanceof GatewayException) {
            err.println("Error: " + e.getMessage());
        } else {
            err.println("Error: unexpected " + e + (debug ? "" : " (run with FAAS_DEBUG=1 for details)"));
        }
        if (debug) {
            e.printStackTrace(err);
        }
        return 1;
    }
}

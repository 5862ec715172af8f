package dev.skiff.cli.command;

import dev.skiff.api.async.DeadLetter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas-cli dead-letters list|replay|purge}: the async calls that failed every try, through
 * {@code /system/dead-letters}.
 * <pre>
 * Id      Function                      	Tries	Status	Call id                             	Reason
 * 7       resize                        	5    	504   	3f2a...                             	the function answered 504
 * </pre>
 */
@Command(name = "dead-letters", description = "List, replay or purge async calls that failed every try.")
public final class DeadLettersCommand implements Callable<Integer> {
    private static final String ROW = "%-8s%-30s\t%-5s\t%-6s\t%-36s\t%s%n";

    enum Action { list, replay, purge }

    @Parameters(index = "0", description = "list, replay (queue again) or purge (remove for good)")
    Action action;

    @Option(names = "--function", description = "Only this function's dead letters")
    String function;

    @Option(names = "--id", description = "Only the dead letter with this id (replay, purge)")
    Long id;

    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public DeadLettersCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, Optional.empty());
        var client = context.connector().connect(url);
        var out = context.streams().out();
        switch (action) {
            case list -> {
                out.printf(ROW, "Id", "Function", "Tries", "Status", "Call id", "Reason");
                for (DeadLetter letter : client.deadLetters(function)) {
                    out.printf(ROW, letter.sequence(), letter.function(), letter.attempts(), letter.statusCode(),
                            letter.callId(), letter.reason());
                }
            }
            case replay -> out.println("Replayed: " + (id != null
                    ? client.replayDeadLetter(id).count() : client.replayDeadLetters(function).count()));
            case purge -> out.println("Purged: " + (id != null
                    ? client.deleteDeadLetter(id).count() : client.purgeDeadLetters(function).count()));
        }
        return 0;
    }
}

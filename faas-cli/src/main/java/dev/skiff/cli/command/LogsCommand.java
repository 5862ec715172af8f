package dev.skiff.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Json;
import dev.skiff.api.LogMessage;
import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas-cli logs NAME}: {@code GET /system/logs}, one line per message as it arrives, in faas-cli's
 * plain format ({@code TIMESTAMP NAME (INSTANCE) TEXT}), or {@code -o json} (the NDJSON lines) or
 * {@code -o keyvalue}.
 */
@Command(name = "logs", description = "Print a function's log lines.",
        footer = {"", "Examples:", "  faas-cli logs echo --tail 20", "  faas-cli logs echo --follow --since 5m"})
public final class LogsCommand implements Callable<Integer> {
    enum Format { plain, json, keyvalue }

    @Parameters(index = "0", paramLabel = "NAME", description = "Function whose logs to print")
    String name;

    @Option(names = "--follow", description = "Keep printing new lines until interrupted (Ctrl-C)")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1", description = "Only the last N lines (default: all)")
    int tail;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only lines newer than a duration (30s, 5m, 1h) or an RFC 3339 time")
    String since;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "plain",
            description = "plain, json or keyvalue (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin StackFileOption stackFile;
    @Mixin GatewayOption gateway;

    private final CommandContext context;

    public LogsCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var url = context.connector().gatewayUrl(gateway.url, stackFile.gateway(context.stacks(), context.workingDir()));
        var out = context.streams().out();
        try {
            context.connector().connect(url, gateway.tlsNoVerify).logs(name, follow, tail, since(Instant.now()), message -> {
                out.println(format(message));
                out.flush();
            });
        } catch (GatewayException e) {
            if (e.status() == 404) {
                throw new CliException("function " + name + " not found on " + url + "; run faas-cli list");
            }
            if (e.status() == 501) {
                throw new CliException("the gateway at " + url + " does not serve logs (501)");
            }
            throw e;
        }
        return 0;
    }

    Instant since(Instant now) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException notATime) {
            try {
                return now.minus(Duration.parse("PT" + since.toUpperCase(java.util.Locale.ROOT)));
            } catch (DateTimeParseException e) {
                throw new CliException("--since " + since + " is neither a duration (30s, 5m, 1h30m) nor an RFC 3339 time");
            }
        }
    }

    private String format(LogMessage m) {
        return switch (format) {
            case plain -> m.timestamp() + " " + m.name() + " (" + m.instance() + ") " + m.text();
            case keyvalue -> "timestamp: " + m.timestamp() + ", name: " + m.name() + ", instance: " + m.instance()
                    + ", text: " + m.text();
            case json -> json(m);
        };
    }

    private static String json(LogMessage message) {
        try {
            return Json.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print " + message + " as JSON", e);
        }
    }
}

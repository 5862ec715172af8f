package dev.skiff.cli.command;

import dev.skiff.api.client.GatewayException;
import dev.skiff.cli.CliException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one task per function, at most {@code --parallel} at a time. A function that fails does not
 * stop the others; its error is printed with its name, and the count of failures is returned.
 */
final class Parallel {
    private Parallel() {
    }

    static int run(List<String> names, int parallel, PrintStream err, Consumer<String> task) {
        if (parallel < 1) {
            throw new CliException("--parallel must be 1 or more, not " + parallel);
        }
        try (var pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, names.size())))) {
            var futures = new ArrayList<Future<?>>();
            for (var name : names) {
                futures.add(pool.submit(() -> task.accept(name)));
            }
            int failed = 0;
            for (int i = 0; i < names.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    var cause = e.getCause();
                    // Expected failures carry a message saying what to do; anything else is a bug.
                    var expected = cause instanceof CliException || cause instanceof GatewayException;
                    synchronized (err) {
                        err.println("Error: " + names.get(i) + ": " + (expected ? cause.getMessage() : "unexpected " + cause));
                    }
                    failed++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException("interrupted", e);
                }
            }
            return failed;
        }
    }
}

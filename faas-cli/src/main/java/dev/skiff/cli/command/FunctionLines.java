package dev.skiff.cli.command;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Where a build's output goes: printed as it comes (prefixed with the function's name when several
 * functions run at once, so their lines can be told apart), or dropped in {@code --quiet} mode, where
 * only the progress lines of the command are shown.
 */
final class FunctionLines {
    private final PrintStream out;
    private final boolean prefixed;
    private final boolean quiet;

    FunctionLines(PrintStream out, boolean prefixed, boolean quiet) {
        this.out = out;
        this.prefixed = prefixed;
        this.quiet = quiet;
    }

    /** Lines of a tool's output for function {@code name}. */
    Consumer<String> output(String name) {
        return quiet ? line -> { } : line -> print(name, line);
    }

    /** A progress line, shown even in quiet mode. */
    void progress(String name, String line) {
        print(name, line);
    }

    private void print(String name, String line) {
        synchronized (out) {
            out.println(prefixed ? "[" + name + "] " + line : line);
        }
    }
}

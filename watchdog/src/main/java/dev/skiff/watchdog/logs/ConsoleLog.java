package dev.skiff.watchdog.logs;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes log lines the way of-watchdog does: the watchdog's messages as {@code 2006/01/02 15:04:05
 * message} on stderr; function output as {@code 2006/01/02 15:04:05 stderr: line} (or {@code
 * stdout:}) when {@code prefix_logs} is on, else the bare line.
 */
public final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean prefix;

    public ConsoleLog(PrintStream out, PrintStream err, boolean prefix) {
        this.out = out;
        this.err = err;
        this.prefix = prefix;
    }

    /** A message from the watchdog itself, always time-stamped. */
    public void info(String message) {
        err.print(now() + ' ' + message + '\n');
    }

    /** One line the function wrote to its stdout (http mode: the upstream's own log). */
    public void stdout(String line) {
        out.print(prefix ? now() + " stdout: " + line + '\n' : line + '\n');
    }

    /** One line the function wrote to its stderr. */
    public void stderr(String line) {
        err.print(prefix ? now() + " stderr: " + line + '\n' : line + '\n');
    }

    private static String now() {
        return TIME.format(LocalDateTime.now());
    }
}

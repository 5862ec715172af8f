package dev.skiff.watchdog.logs;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes log lines the way of-watchdog does: the watchdog's messages as {@code 2006/01/02 15:04:05
 * message} on stderr; function output as {@code 2006/01/02 15:04:05 stderr: line} (or {@code
 * stdout:}) when {@code prefix_logs} is on, else the bare line. A log for one call ({@link #forCall})
 * puts {@code callid=<X-Call-Id>} before each message and line ({@code log_callid}).
 */
public final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean prefix;
    private final String callTag;

    public ConsoleLog(PrintStream out, PrintStream err, boolean prefix) {
        this(out, err, prefix, "");
    }

    private ConsoleLog(PrintStream out, PrintStream err, boolean prefix, String callTag) {
        this.out = out;
        this.err = err;
        this.prefix = prefix;
        this.callTag = callTag;
    }

    /** This log, its lines tagged with the call id (none when {@code callId} is null). */
    public ConsoleLog forCall(String callId) {
        return callId == null ? this : new ConsoleLog(out, err, prefix, "callid=" + callId + " ");
    }

    /** A message from the watchdog itself, always time-stamped. */
    public void info(String message) {
        err.print(now() + ' ' + callTag + message + '\n');
    }

    /** One line the function wrote to its stdout (http mode: the upstream's own log). */
    public void stdout(String line) {
        out.print(prefix ? now() + " stdout: " + callTag + line + '\n' : callTag + line + '\n');
    }

    /** One line the function wrote to its stderr. */
    public void stderr(String line) {
        err.print(prefix ? now() + " stderr: " + callTag + line + '\n' : callTag + line + '\n');
    }

    private static String now() {
        return TIME.format(LocalDateTime.now());
    }
}

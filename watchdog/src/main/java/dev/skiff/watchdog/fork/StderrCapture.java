package dev.skiff.watchdog.fork;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * A call's stderr: every line goes to the container log, and the first {@link #MAX_BODY} characters
 * are kept for the 500 answer when the process fails, so a chatty process cannot make the answer (or
 * the watchdog's memory) grow without bound. A StringBuffer, because a pump that outlives the drain
 * wait in awaitExit may still append while the answer is being built.
 */
final class StderrCapture implements Consumer<String> {

    static final int MAX_BODY = 16 * 1024;

    private final ConsoleLog log;
    private final StringBuffer kept = new StringBuffer();
    private volatile boolean cut;

    StderrCapture(ConsoleLog log) {
        this.log = log;
    }

    @Override
    public void accept(String line) {
        log.stderr(line);
        if (kept.length() + line.length() < MAX_BODY) {
            kept.append(line).append('\n');
        } else {
            cut = true;
        }
    }

    /** The 500 body: the kept stderr, or {@code exit status N} when there was none. */
    byte[] errorBody(int exit) {
        if (kept.isEmpty()) {
            return ("exit status " + exit + "\n").getBytes(StandardCharsets.UTF_8);
        }
        String more = cut ? "(stderr cut at " + MAX_BODY / 1024 + " KiB; the rest is in the log)\n" : "";
        return (kept + more).getBytes(StandardCharsets.UTF_8);
    }
}

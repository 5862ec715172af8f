package dev.skiff.watchdog.fork;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.skiff.watchdog.config.Command;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.logs.LinePump;

/**
 * One run of {@code fprocess}: started with the call's environment, its stdin fed from the request,
 * its stderr handed on line by line, and killed with its children when the exec timeout passes, the
 * body turns out too large, or the caller goes away ({@link #close()}).
 */
final class ForkedProcess implements AutoCloseable {

    /** How long to wait for the last stderr lines after exit; a grandchild may hold the pipe open. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);
    private static final int PIECE = 32 * 1024;
    /**
     * A body this small is written to stdin from the caller's thread: it fits the pipe's buffer (64 KiB
     * on Linux) whatever the process does, so the write cannot block, and no feeder thread is needed.
     */
    static final int DIRECT_WRITE = 16 * 1024;

    private final Process process;
    private final Thread stderrPump;
    private final LiveProcesses live;
    private volatile boolean timedOut;
    private volatile boolean bodyTooLarge;
    private Thread feeder;
    private Future<?> deadline;

    private ForkedProcess(Process process, Thread stderrPump, LiveProcesses live) {
        this.process = process;
        this.stderrPump = stderrPump;
        this.live = live;
    }

    static ForkedProcess start(Command command, Map<String, String> env, Consumer<String> stderr,
                               LiveProcesses live, int maxLine) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(env);
        Process process = builder.start();
        live.add(process);
        return new ForkedProcess(process, LinePump.start(Thread.ofVirtual().name("fprocess-stderr"),
                process.getErrorStream(), stderr, maxLine), live);
    }

    /**
     * Copies the body to the process's stdin on its own thread, so stdout can flow back while stdin
     * is still being written (else a process like cat blocks once both pipes are full). Flushes each
     * piece as it arrives: the JDK buffers stdin, and a streaming function must see the first bytes
     * of a slow upload before the last. A body over max_request_bytes kills the process.
     */
    void feed(InputStream body) {
        feeder = Thread.ofVirtual().name("fprocess-stdin").start(() -> {
            byte[] piece = new byte[PIECE];
            OutputStream stdin = process.getOutputStream();
            try {
                int n;
                while ((n = body.read(piece)) != -1) {
                    stdin.write(piece, 0, n);
                    stdin.flush();
                }
            } catch (BodyLimit.TooLarge e) {
                bodyTooLarge = true;
                ProcessTree.kill(process);
            } catch (IOException e) {
                // The process exited or closed stdin without reading it all: the rest is not wanted.
            } finally {
                // Closed only after a kill: closing first would hand the function EOF on a cut body, which it
                // would take for the whole one (wc -c answered 1024 to a 64 KiB body over the limit).
                closeQuietly(stdin);
            }
        });
    }

    /** Writes a whole body to stdin: directly when it fits the pipe, else on a feeder thread. */
    void feed(byte[] body) {
        if (body.length > DIRECT_WRITE) {
            feed(new java.io.ByteArrayInputStream(body));
            return;
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(body);
        } catch (IOException e) {
            // The process exited or closed stdin first: it did not want the body.
        }
    }

    /** Kills the process tree if it is still running after {@code limit}; {@link Duration#ZERO} = never. */
    void killAfter(Duration limit) {
        if (limit.isZero()) {
            return;
        }
        deadline = live.schedule(limit, () -> {
            if (process.isAlive()) {
                timedOut = true;
                ProcessTree.kill(process);
            }
        });
    }

    /**
     * The process's output. Killing a process closes its pipes, also under a read in progress ("Stream
     * Closed"): after our own kill (exec timeout, body too large) that read ends the output like EOF, and
     * the runner answers for the kill.
     */
    InputStream stdout() {
        return new KillEndsOutput(process.getInputStream());
    }

    /** Waits for the exit code, the last stderr line, and the stdin feeder to finish. */
    int awaitExit() throws IOException {
        try {
            int code = process.waitFor();
            stderrPump.join(STDERR_DRAIN);
            if (feeder != null) {
                feeder.join();
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for fprocess", e);
        }
    }

    /** True once the exec timeout killed the process. */
    boolean timedOut() {
        return timedOut;
    }

    /** True if the body went past max_request_bytes, which killed the process. */
    boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    /** Kills the tree if it is still running: the call failed or its caller went away. */
    @Override
    public void close() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (process.isAlive()) {
            ProcessTree.kill(process);
        }
        live.remove(process);
    }

    private final class KillEndsOutput extends FilterInputStream {
        KillEndsOutput(InputStream out) {
            super(out);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                return endIfKilled(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                return endIfKilled(e);
            }
        }

        private int endIfKilled(IOException e) throws IOException {
            if (timedOut || bodyTooLarge) {
                return -1;
            }
            throw e;
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // The process is gone or stopped reading: nothing is waiting for the rest.
        }
    }
}

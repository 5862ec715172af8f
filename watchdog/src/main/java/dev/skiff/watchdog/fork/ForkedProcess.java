package dev.skiff.watchdog.fork;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.skiff.watchdog.config.Command;
import dev.skiff.watchdog.logs.LinePump;

/**
 * One run of {@code fprocess}: started with the call's environment, its stdin fed from the request
 * on a virtual thread, its stderr handed on line by line, and killed with its children when the exec
 * timeout passes or the caller goes away ({@link #close()}).
 */
final class ForkedProcess implements AutoCloseable {

    /** How long to wait for the last stderr lines after exit; a grandchild may hold the pipe open. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);
    private static final int PIECE = 32 * 1024;

    private final Process process;
    private final Thread stderrPump;
    private final LiveProcesses live;
    private volatile boolean timedOut;
    private Thread feeder;

    private ForkedProcess(Process process, Thread stderrPump, LiveProcesses live) {
        this.process = process;
        this.stderrPump = stderrPump;
        this.live = live;
    }

    static ForkedProcess start(Command command, Map<String, String> env, Consumer<String> stderr,
                               LiveProcesses live) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        live.add(process);
        return new ForkedProcess(process, LinePump.start("fprocess-stderr", process.getErrorStream(), stderr), live);
    }

    /**
     * Copies the body to the process's stdin on its own thread, so stdout can flow back while stdin
     * is still being written (else a process like cat blocks once both pipes are full). Flushes each
     * piece as it arrives: the JDK buffers stdin, and a streaming function must see the first bytes
     * of a slow upload before the last.
     */
    void feed(InputStream body) {
        feeder = Thread.ofVirtual().name("fprocess-stdin").start(() -> {
            byte[] piece = new byte[PIECE];
            try (OutputStream stdin = process.getOutputStream()) {
                int n;
                while ((n = body.read(piece)) != -1) {
                    stdin.write(piece, 0, n);
                    stdin.flush();
                }
            } catch (IOException e) {
                // The process exited or closed stdin without reading it all: the rest is not wanted.
            }
        });
    }

    void feed(byte[] body) {
        feed(new ByteArrayInputStream(body));
    }

    /** Kills the process tree if it is still running after {@code limit}; {@link Duration#ZERO} = never. */
    void killAfter(Duration limit) {
        if (limit.isZero()) {
            return;
        }
        Thread.ofVirtual().name("fprocess-timeout").start(() -> {
            try {
                if (!process.waitFor(limit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    ProcessTree.kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    InputStream stdout() {
        return process.getInputStream();
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

    /** Kills the tree if it is still running: the call failed or its caller went away. */
    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessTree.kill(process);
        }
        live.remove(process);
    }
}

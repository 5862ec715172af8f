package dev.skiff.watchdog.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.skiff.watchdog.config.Command;
import dev.skiff.watchdog.fork.ProcessTree;
import dev.skiff.watchdog.logs.LinePump;
import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * The function's own HTTP server in http mode: started once, restarted (with a growing pause) each
 * time it exits, and probed until it accepts connections, so /_/ready and the proxy know when it
 * answers. Its stdout and stderr go to the container log.
 */
public final class UpstreamProcess implements AutoCloseable {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(20);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);
    private static final Duration FIRST_RESTART_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_RESTART_PAUSE = Duration.ofSeconds(5);
    /** A run this long counts as healthy, so the next restart pause starts small again. */
    private static final Duration STABLE_RUN = Duration.ofSeconds(10);
    /** How long the upstream gets to exit after SIGTERM before it and its children are killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Command command;
    private final Map<String, String> environment;
    private final InetSocketAddress address;
    private final ConsoleLog log;
    private final int logBufferSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition answeringChanged = lock.newCondition();
    private volatile boolean answering;
    private boolean stopping;
    private Process current;
    private Thread supervisor;

    private UpstreamProcess(Command command, Map<String, String> environment, URI url, ConsoleLog log,
                            int logBufferSize) {
        this.command = command;
        this.environment = environment;
        this.address = new InetSocketAddress(url.getHost(), url.getPort() == -1 ? 80 : url.getPort());
        this.log = log;
        this.logBufferSize = logBufferSize;
    }

    /**
     * Starts the upstream and its supervisor; returns at once, before it answers.
     *
     * @param logBufferSize {@code log_buffer_size}: the longest output line logged whole, -1 unbuffered
     */
    public static UpstreamProcess start(Command command, Map<String, String> environment, URI url, ConsoleLog log,
                                        int logBufferSize) {
        UpstreamProcess upstream = new UpstreamProcess(command, environment, url, log, logBufferSize);
        upstream.supervisor = Thread.ofVirtual().name("upstream-supervisor").start(upstream::supervise);
        return upstream;
    }

    /** True while the upstream accepts connections (as last seen). */
    public boolean answering() {
        return answering;
    }

    /** Waits up to {@code limit} for the upstream to answer; true if it does. */
    public boolean awaitAnswering(Duration limit) {
        if (answering) {
            return true;
        }
        long left = limit.toNanos();
        lock.lock();
        try {
            while (!answering && left > 0) {
                left = answeringChanged.awaitNanos(left);
            }
            return answering;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void supervise() {
        Duration pause = FIRST_RESTART_PAUSE;
        while (true) {
            Process process = launch();
            if (process == null) {
                return;
            }
            long started = System.nanoTime();
            probeUntilAnswering(process);
            int code = waitFor(process);
            setAnswering(false);
            if (isStopping()) {
                return;
            }
            if (System.nanoTime() - started > STABLE_RUN.toNanos()) {
                pause = FIRST_RESTART_PAUSE;
            }
            log.info("Upstream " + command.program() + " exited with code " + code
                    + "; restarting in " + pause.toMillis() + " ms");
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_RESTART_PAUSE) > 0 ? MAX_RESTART_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Starts a new upstream process unless stopping; null means stop supervising. */
    private Process launch() {
        lock.lock();
        try {
            while (!stopping) {
                try {
                    ProcessBuilder builder = new ProcessBuilder(command.argv());
                    builder.environment().clear();
                    builder.environment().putAll(environment);
                    current = builder.start();
                    // Platform threads: a pipe read pins a virtual thread to its carrier, and JDK 25's scheduler
                    // lets the spare carriers it adds for pinned threads go after 30 s without work. With the
                    // two pumps pinning as many carriers as it has (2 on 2 CPUs), every later call then
                    // waited forever after 30 s idle.
                    Thread.Builder pump = Thread.ofPlatform().daemon();
                    LinePump.start(pump.name("upstream-stdout"), current.getInputStream(), log::stdout, logBufferSize);
                    LinePump.start(pump.name("upstream-stderr"), current.getErrorStream(), log::stderr, logBufferSize);
                    log.info("Started upstream " + String.join(" ", command.argv()) + " as pid " + current.pid());
                    return current;
                } catch (IOException e) {
                    log.info("Cannot start upstream " + command.program() + ": " + e.getMessage()
                            + "; trying again in " + MAX_RESTART_PAUSE.toSeconds() + " s");
                    answeringChanged.await(MAX_RESTART_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
            return null;
        } catch (InterruptedException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Tries to connect until it works or the process dies: a listening socket means it answers. */
    private void probeUntilAnswering(Process process) {
        long started = System.nanoTime();
        while (process.isAlive() && !isStopping()) {
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) PROBE_TIMEOUT.toMillis());
                setAnswering(true);
                log.info("Upstream answering at " + address.getHostString() + ":" + address.getPort()
                        + " after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
                return;
            } catch (IOException e) {
                sleep(PROBE_INTERVAL);
            }
        }
    }

    private void setAnswering(boolean value) {
        lock.lock();
        try {
            answering = value;
            answeringChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // Only close() interrupts us, and it stops the process itself; keep waiting for the exit.
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops supervising, then asks the upstream to exit (SIGTERM) and kills its tree if it will not. */
    @Override
    public void close() {
        Process process;
        lock.lock();
        try {
            stopping = true;
            process = current;
            answeringChanged.signalAll();
        } finally {
            lock.unlock();
        }
        supervisor.interrupt(); // cut a restart pause short; waitFor ignores it
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                ProcessTree.kill(process);
            }
            supervisor.join(STOP_GRACE);
            log.info("Stopped upstream " + command.program() + " (pid " + process.pid() + ")");
        } catch (InterruptedException e) {
            ProcessTree.kill(process);
            Thread.currentThread().interrupt();
        }
    }
}

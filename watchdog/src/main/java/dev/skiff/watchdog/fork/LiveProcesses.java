package dev.skiff.watchdog.fork;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The forked processes still running, and their deadlines. At shutdown, calls that outlive
 * write_timeout are abandoned by the server, but their thread may sit in a pipe read that an
 * interrupt does not end; closing this kills those processes so none is left behind.
 *
 * <p>Deadlines run on one timer thread: a call's exec timeout is a queued task, cancelled when the
 * process exits, instead of a thread per call waiting for it (which costs more than the fork at
 * hundreds of calls a second). A platform thread: on a virtual one (~0.1 MB less idle RSS) each call's
 * schedule and cancel cost 0.3 ms more CPU in fork mode (1.96-2.04 against 1.66-1.74 ms a call).
 */
public final class LiveProcesses implements AutoCloseable {

    /**
     * A call's pipe reads (its stdout, read by the call's virtual thread, and its stderr pump) pin their
     * virtual threads to carriers for as long as the process runs. JDK 25's scheduler adds a spare carrier
     * for each pinned one but lets spares go after 30 s without work, one at a time: with calls longer
     * than that pinning every carrier (one call pins 2, all there are on 2 CPUs), a new call then waited
     * until one of them ended. A virtual thread that does nothing, started this often while processes
     * run, keeps a spare at work (watchdog/README.md, "Threads").
     */
    private static final Duration SCHEDULER_HEARTBEAT = Duration.ofSeconds(10);
    private static final Runnable NOTHING = () -> { };

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;

    public LiveProcesses() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("fprocess-deadlines").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        timer.scheduleWithFixedDelay(this::keepASpareCarrierBusy, SCHEDULER_HEARTBEAT.toNanos(),
                SCHEDULER_HEARTBEAT.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void keepASpareCarrierBusy() {
        if (!running.isEmpty()) {
            Thread.startVirtualThread(NOTHING);
        }
    }

    void add(Process process) {
        running.add(process);
    }

    void remove(Process process) {
        running.remove(process);
    }

    /** Runs {@code kill} after {@code limit} unless the returned future is cancelled first. */
    Future<?> schedule(Duration limit, Runnable kill) {
        return timer.schedule(kill, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Kills every process tree still running. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Process process : running) {
            ProcessTree.kill(process);
            running.remove(process);
        }
    }
}

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
 * hundreds of calls a second). A virtual thread: it waits almost always, and a waiting platform thread
 * keeps ~90 KB of touched stack resident in every idle watchdog.
 */
public final class LiveProcesses implements AutoCloseable {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;

    public LiveProcesses() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("fprocess-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
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

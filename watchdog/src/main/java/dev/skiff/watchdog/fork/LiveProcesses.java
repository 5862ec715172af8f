package dev.skiff.watchdog.fork;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The forked processes still running. At shutdown, calls that outlive write_timeout are abandoned by
 * the server, but their thread may sit in a pipe read that an interrupt does not end; closing this
 * kills those processes so none is left behind.
 */
public final class LiveProcesses implements AutoCloseable {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    void add(Process process) {
        running.add(process);
    }

    void remove(Process process) {
        running.remove(process);
    }

    /** Kills every process tree still running. */
    @Override
    public void close() {
        for (Process process : running) {
            ProcessTree.kill(process);
            running.remove(process);
        }
    }
}

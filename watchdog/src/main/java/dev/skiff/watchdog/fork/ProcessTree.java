package dev.skiff.watchdog.fork;

import java.util.List;

/**
 * Kills a process together with everything it started (a shell script's children, say). The fork
 * modes use it on an exec timeout; http mode uses it to stop the upstream that will not exit.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Kills the process's descendants and the process itself with SIGKILL. The descendants are listed
     * before anything dies, because once their parent is gone they are re-parented and no longer
     * show up as its descendants; the parent is killed right after the listing so it cannot start
     * another child in between.
     */
    public static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}

package dev.skiff.watchdog.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The empty {@code /tmp/.lock} whose presence image health checks test ({@code [ -e /tmp/.lock ]}).
 * Written at start, removed when shutdown begins so the replica reports unhealthy while it drains.
 */
public final class LockFile {

    private final Path path;
    private final boolean suppressed;

    /**
     * @param path       where the lock lives: {@code <java.io.tmpdir>/.lock} in a container
     * @param suppressed {@code suppress_lock}: never write it, and do not require it for health
     */
    public LockFile(Path path, boolean suppressed) {
        this.path = path;
        this.suppressed = suppressed;
    }

    /** The default place: {@code .lock} in {@code java.io.tmpdir}, as OpenFaaS's os.TempDir(). */
    public static Path defaultPath() {
        return Path.of(System.getProperty("java.io.tmpdir"), ".lock");
    }

    public void create() {
        if (suppressed) {
            return;
        }
        try {
            Files.deleteIfExists(path);
            Files.createFile(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lock file " + path
                    + "; make its folder writable or set suppress_lock=true", e);
        }
    }

    public void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Health already answers 503 once shutdown starts; a stale file only misleads the image check.
        }
    }

    /** True if the lock is present, or not wanted at all. */
    public boolean present() {
        return suppressed || Files.exists(path);
    }

    public Path path() {
        return path;
    }
}

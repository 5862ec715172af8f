package dev.skiff.watchdog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.skiff.watchdog.config.GoDuration;
import dev.skiff.watchdog.health.HealthService;
import dev.skiff.watchdog.logs.ConsoleLog;
import dev.skiff.watchdog.server.WatchdogServer;

/**
 * A started watchdog: the server, its health state, and what must be closed after the server stops
 * (http mode's proxy connections and upstream process, in that order).
 */
public final class Watchdog {

    private final WatchdogServer server;
    private final HealthService health;
    private final List<AutoCloseable> closeAfterServer;
    private final Duration noticePeriod;
    private final Duration drainLimit;
    private final ConsoleLog log;
    private final String serving;
    private final ReentrantLock stopping = new ReentrantLock();
    private boolean stopped;

    /**
     * @param noticePeriod how long to keep serving after shutdown starts, health answering 503, so
     *                     callers that check health stop sending before the port closes
     * @param drainLimit   how long calls in flight may then take to finish
     */
    Watchdog(WatchdogServer server, HealthService health, List<AutoCloseable> closeAfterServer,
             Duration noticePeriod, Duration drainLimit, ConsoleLog log, String serving) {
        this.serving = serving;
        this.server = server;
        this.health = health;
        this.closeAfterServer = List.copyOf(closeAfterServer);
        this.noticePeriod = noticePeriod;
        this.drainLimit = drainLimit;
        this.log = log;
    }

    /** What the function is: the fprocess command line, the static folder, or the inproc handler. */
    public String serving() {
        return serving;
    }

    /** The port the server listens on (the real one when configured with port 0). */
    public int port() {
        return server.port();
    }

    /** The port /metrics is served on (the real one when configured with port 0). */
    public int metricsPort() {
        return server.metricsPort();
    }

    /**
     * Graceful stop, as on SIGTERM (API.md 5.3, of-watchdog): remove the lock and answer 503 on
     * /_/health while still serving for healthcheck_interval; then stop accepting connections, let
     * calls in flight finish for up to write_timeout, and stop the upstream last. No call accepted
     * before the port closes fails because of the stop. Safe to call more than once.
     */
    public void stop() {
        stopping.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            long started = System.nanoTime();
            health.stopAccepting();
            log.info("Shutting down: lock removed, health 503; closing the port in "
                    + GoDuration.format(noticePeriod) + ", then draining calls for up to "
                    + GoDuration.format(drainLimit));
            pause(noticePeriod);
            server.stop(drainLimit);
            for (AutoCloseable closeable : closeAfterServer) {
                closeQuietly(closeable);
            }
            log.info("Stopped after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        } finally {
            stopping.unlock();
        }
    }

    private static void pause(Duration period) {
        try {
            Thread.sleep(period);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop sooner, still in order
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.info("While stopping: " + e);
        }
    }
}

package dev.skiff.watchdog.server;

import java.time.Duration;

/**
 * Keeps the virtual-thread scheduler able to start new calls while others sit in long blocking reads.
 * Reading a pipe or a file pins a virtual thread to its carrier (a forked process's stdout and stderr, for
 * as long as the process runs; a blocking read in an inproc handler). JDK 25's scheduler adds a spare
 * carrier for each pinned one, but lets idle spares go after 30 s, one at a time, and adds none while the
 * pinned threads count as all it has: a call longer than that (2 pinned carriers, all of them on 2 CPUs)
 * then held every new call back until it ended. A virtual thread that wakes every 10 s keeps a carrier
 * from ever idling that long (watchdog/README.md, "Threads").
 */
final class CarrierHeartbeat implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofSeconds(10);

    private final Thread thread = Thread.ofVirtual().name("carrier-heartbeat").start(CarrierHeartbeat::beat);

    private static void beat() {
        try {
            while (true) {
                Thread.sleep(PERIOD);
            }
        } catch (InterruptedException e) {
            // The server stops.
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

package dev.skiff.gateway.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadTrackerTest {

    @Test
    void bucketsHoldRequestsPerSecondAndMeanConcurrency() {
        var load = new FunctionLoad(10, System.nanoTime());
        long now = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            load.started(now);
        }
        for (int i = 0; i < 10; i++) {
            load.completed(now);
        }
        load.sample();
        load.closeBucket(1.0);
        for (int i = 0; i < 10; i++) {
            load.completed(now);
        }
        load.sample();
        load.closeBucket(2.0);
        assertEquals(20, load.peak(10).rps());
        assertEquals(10, load.mean(2).rps(), 1e-9, "(20/1 + 0/2) / 2");
        assertEquals(10, load.peak(2).concurrency());
        assertEquals(5, load.mean(2).concurrency());
        assertEquals(0, load.mean(1).rps(), "the newest bucket only");
    }

    @Test
    void aCallIsCountedUntilCompletedThroughTheTracker() throws Exception {
        try (var tracker = new LoadTracker(Duration.ofSeconds(5)).start()) {
            var call = tracker.started("echo");
            assertEquals(1, tracker.of("echo").inFlight());
            Thread.sleep(1200);
            assertEquals(1, tracker.of("echo").peak(5).concurrency(), 0.05, "sampled while in flight");
            call.completed();
            assertEquals(0, tracker.of("echo").inFlight());
        }
    }

    @Test
    void aStepInLoadIsSeenAtItsFullHeightWithinHalfASecondWhateverTheBuckets() throws Exception {
        var load = new FunctionLoad(10, System.nanoTime());
        load.sample();
        load.closeBucket(1.0);
        // A steady stream of calls from now on (one per 10 ms pause), sampled as the tracker does; no bucket
        // closes meanwhile, and the closed one says 0.
        long began = System.nanoTime();
        long until = began + FunctionLoad.RECENT.toNanos() + 100_000_000L;
        int calls = 0;
        while (System.nanoTime() < until) {
            load.started(System.nanoTime());
            calls++;
            load.sample();
            Thread.sleep(10);
        }
        double rate = calls / ((System.nanoTime() - began) / 1e9);
        assertEquals(0, load.mean(1).rps());
        assertEquals(rate, load.peak(10).rps(), rate * 0.25, "the stream's own rate (a busy machine sleeps longer)");
    }
}

package dev.skiff.gateway.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void samplesSkippedWhileQuietCountAsNoCallInFlight() {
        var load = new FunctionLoad(10, System.nanoTime());
        long now = System.nanoTime();
        load.started(now);
        assertFalse(load.quiet(), "a call in flight");
        load.sample();
        load.completed(now);
        assertTrue(load.quiet(), "no call in flight or started since the sample");
        load.started(now);
        load.completed(now);
        assertFalse(load.quiet(), "a call started (and ended) since the sample");
        load.sample(9);
        assertTrue(load.quiet());
        load.closeBucket(1.0);
        assertEquals(1.0 / 11, load.mean(1).concurrency(), 1e-9, "one sample with a call in flight, ten without");
        assertEquals(2, load.mean(1).rps(), 1e-9);
    }

    @Test
    void theLastSecondsRateIgnoresSamplesOlderThanASecond() throws Exception {
        var load = new FunctionLoad(10, System.nanoTime());
        // A ring of samples twice as far apart as the tracker's (as while the gateway is quiet): it spans ~2 s.
        for (int i = 0; i < 101; i++) {
            load.sample();
            Thread.sleep(2 * LoadTracker.SAMPLE.toMillis());
        }
        long began = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            load.started(System.nanoTime());
            load.completed(System.nanoTime());
        }
        load.sample();
        double seconds = (System.nanoTime() - began) / 1e9 + 2 * LoadTracker.SAMPLE.toMillis() / 1e3;
        // The 100 calls came within the last second: the rate is taken over about a second, not over 2.
        assertEquals(100, load.peak(10).rps(), 100 * 0.25, "100 calls over ~1 s (" + seconds + " s of calls)");
    }
}

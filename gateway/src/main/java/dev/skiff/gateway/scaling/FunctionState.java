package dev.skiff.gateway.scaling;

import dev.skiff.gateway.provider.ReplicaControl.FrozenReplica;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the autoscaler remembers of one function between ticks. Changes to the replica count (tick,
 * wake-up, a user's scale) happen under {@link #lock}, so a wake-up is done once however many callers
 * arrive at the same time, and never races a scale to zero.
 */
final class FunctionState {
    final ReentrantLock lock = new ReentrantLock();
    volatile ScalingRules rules;
    /** Swarm's desired count as last read or written; a frozen function has 1 in swarm and 0 here. */
    volatile long replicas = -1;
    /** The count this gateway last wrote, to tell someone else's change from its own. */
    volatile long written = -1;
    volatile FrozenReplica frozen;
    /** Set when the autoscaler (or a user) took the function to zero; cleared by a wake-up. */
    volatile boolean atZero;
    volatile long wokenAtNanos;
    /** When this gateway last changed the count; a list read before it is stale. */
    volatile long changedAtNanos = System.nanoTime() - (1L << 40);
    long panicUntilNanos;
    long holdUntilNanos;
    String lastRulesError;
    final double[] cpu;
    int cpuNewest = -1;
    int cpuFilled;

    FunctionState(int cpuSamples) {
        this.cpu = new double[cpuSamples];
    }

    void addCpu(double millicores) {
        cpuNewest = (cpuNewest + 1) % cpu.length;
        cpu[cpuNewest] = millicores;
        cpuFilled = Math.min(cpuFilled + 1, cpu.length);
    }

    double cpuMean(int samples) {
        int n = Math.min(samples, cpuFilled);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += cpu[Math.floorMod(cpuNewest - i, cpu.length)];
        }
        return n == 0 ? 0 : sum / n;
    }

    double cpuPeak(int samples) {
        int n = Math.min(samples, cpuFilled);
        double peak = 0;
        for (int i = 0; i < n; i++) {
            peak = Math.max(peak, cpu[Math.floorMod(cpuNewest - i, cpu.length)]);
        }
        return peak;
    }
}

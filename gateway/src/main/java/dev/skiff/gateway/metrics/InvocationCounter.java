package dev.skiff.gateway.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Calls answered per function, reported as {@code invocationCount} by the functions API. */
public final class InvocationCounter {
    private final ConcurrentHashMap<String, LongAdder> completed = new ConcurrentHashMap<>();

    public void completed(String function) {
        completed.computeIfAbsent(function, name -> new LongAdder()).increment();
    }

    public long count(String function) {
        var adder = completed.get(function);
        return adder == null ? 0 : adder.sum();
    }
}

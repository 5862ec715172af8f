package dev.skiff.gateway.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Spreads calls evenly over a function's replicas: each call starts one further along the list. */
public final class RoundRobin {
    private final ConcurrentHashMap<String, AtomicInteger> next = new ConcurrentHashMap<>();

    /** Where to start in a list of {@code size} replicas for this call. */
    int start(String function, int size) {
        int turn = next.computeIfAbsent(function, name -> new AtomicInteger()).getAndIncrement();
        return Math.floorMod(turn, size);
    }
}

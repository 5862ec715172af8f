package dev.skiff.gateway.async;

import dev.skiff.api.FunctionStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The annotations of functions, asked of the provider and kept for a moment: an async call must fail
 * fast with 404 for an unknown function, and carry the function's queue and retry annotations, without
 * a Docker API round trip per call at thousands of calls a second.
 */
public final class FunctionCatalog {
    private static final Duration KEEP = Duration.ofSeconds(2);

    private final Function<String, FunctionStatus> provider;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Map<String, String> annotations, long expiresAt) {
    }

    /** @param provider {@code FunctionProvider::get}: throws {@code FunctionNotFoundException} for an unknown name */
    public FunctionCatalog(Function<String, FunctionStatus> provider) {
        this.provider = provider;
    }

    /** The function's annotations; {@code FunctionNotFoundException} when there is no such function. */
    public Map<String, String> annotations(String name) {
        long now = System.nanoTime();
        var entry = entries.get(name);
        if (entry != null && entry.expiresAt - now > 0) {
            return entry.annotations;
        }
        var annotations = provider.apply(name).annotations();
        entries.put(name, new Entry(annotations, now + KEEP.toNanos()));
        return annotations;
    }
}

package dev.skiff.gateway.async;

import dev.skiff.api.FunctionStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The annotations of functions, asked of the provider and kept for a moment: an async call must fail
 * fast with 404 for an unknown function, and carry the function's queue and retry annotations, without
 * a Docker API round trip per call at thousands of calls a second.
 *
 * <p>When a function's entry is due, one call asks the provider again while the calls arriving meanwhile
 * go on with what is known: at 32 calls at once, every one of them used to make the two Docker calls of
 * {@code FunctionProvider.get} at each expiry, and waited for them.
 */
public final class FunctionCatalog {
    private static final Duration KEEP = Duration.ofSeconds(2);

    private final Function<String, FunctionStatus> provider;
    private final long keepNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Map<String, String> annotations, long expiresAt, AtomicBoolean refreshing) {
    }

    /** @param provider {@code FunctionProvider::get}: throws {@code FunctionNotFoundException} for an unknown name */
    public FunctionCatalog(Function<String, FunctionStatus> provider) {
        this(provider, KEEP);
    }

    FunctionCatalog(Function<String, FunctionStatus> provider, Duration keep) {
        this.provider = provider;
        this.keepNanos = keep.toNanos();
    }

    /**
     * Whether {@link #annotations} will answer from memory, without asking the provider: the entry stays fresh
     * for a tenth of the keep time yet, so that a caller that asks this and then looks up a moment later (the
     * front's event loop, which must not wait for Docker) does not find it expired in between.
     */
    public boolean isFresh(String name) {
        var entry = entries.get(name);
        return entry != null && entry.expiresAt - System.nanoTime() > keepNanos / 10;
    }

    /** The function's annotations; {@code FunctionNotFoundException} when there is no such function. */
    public Map<String, String> annotations(String name) {
        var entry = entries.get(name);
        if (entry != null && (entry.expiresAt - System.nanoTime() > 0 || !entry.refreshing.compareAndSet(false, true))) {
            return entry.annotations;
        }
        try {
            var annotations = provider.apply(name).annotations();
            entries.put(name, new Entry(annotations, System.nanoTime() + keepNanos, new AtomicBoolean()));
            return annotations;
        } catch (RuntimeException e) {
            // Removed, or the provider failed: the next calls ask it themselves rather than go on with old news.
            entries.remove(name);
            throw e;
        }
    }
}

package dev.skiff.gateway.provider;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** Where a function's live replicas answer: what the proxy balances over. */
@FunctionalInterface
public interface Endpoints {

    /**
     * The addresses of the function's running replicas, from a cache (never a remote call per request).
     * Empty when the function exists but has no running replica; {@link FunctionNotFoundException} when
     * there is no such function.
     */
    List<InetSocketAddress> endpoints(String name);

    /** Tells the provider a replica refused a connection, so that the cache is refreshed soon. */
    default void reportUnreachable(String name, InetSocketAddress replica) {
    }

    /**
     * The function's annotations as deployed, from the same cache (the proxy reads per-function settings from
     * them, such as {@code com.skiff.timeout}); empty when it has none. Called on every call: no remote call.
     */
    default Map<String, String> annotations(String name) {
        return Map.of();
    }
}

package dev.skiff.gateway.provider;

import java.net.InetSocketAddress;
import java.util.List;

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
}

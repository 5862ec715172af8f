/**
 * Forwarding a call to one of the function's running replicas: round-robin balancing, a keep-alive pool
 * whose idle connections expire before the watchdog's ({@code UpstreamPool}), one retry on a fresh
 * connection when a reused one was dead, moving on when a replica refuses, a circuit breaker per function,
 * per-function timeouts, and streaming both ways. Wire it with an endpoints lookup (the provider, or
 * anything wrapping it) and the settings read from the environment:
 *
 * <pre>{@code
 * var proxy = new Proxy(provider, new RoundRobin(), webClient, ProxySettings.fromEnv(System.getenv(), config));
 * proxy.forward(new Call("echo", "/", "", List.of()), request, response);
 * }</pre>
 */
package dev.skiff.gateway.proxy;

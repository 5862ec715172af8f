/**
 * Forwarding a call to one of the function's running replicas: balancing, streaming both ways, and
 * moving on to another replica when one refuses the connection. Wire it with an endpoints lookup:
 *
 * <pre>{@code
 * var proxy = new Proxy(provider, new RoundRobin(), webClient, Duration.ofSeconds(3));
 * proxy.forward(new Call("echo", "/", "", Map.of()), request, response);
 * }</pre>
 */
package dev.skiff.gateway.proxy;

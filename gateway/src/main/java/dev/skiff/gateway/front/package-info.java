/**
 * The gateway's port: a Netty event-loop server that forwards {@code /function/{name}} calls to replicas
 * itself, each call on the loop that accepted it with no thread hand-off, and relays everything else (the
 * API, async calls, calls that must wait for a replica) to the Helidon server on an internal port.
 */
package dev.skiff.gateway.front;

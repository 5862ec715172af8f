/**
 * The node agent: the gateway image started with another main class as a global swarm service, one task
 * per node, reachable only on the functions network. It pauses, unpauses and reads the CPU of function
 * containers on its own node's engine, for a gateway that runs on another node (warm zero, cpu scaling).
 */
package dev.skiff.gateway.agent;

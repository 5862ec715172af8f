package dev.skiff.gateway.agent;

/** The agent's JSON answers, shared by the agent and the gateway's client. */
public final class AgentWire {
    /** The agent's port on the functions network. */
    public static final int PORT = 8079;

    private AgentWire() {
    }

    /**
     * A paused function container on the agent's node.
     *
     * @param id      container id
     * @param service the swarm service (function) it belongs to
     */
    public record PausedContainer(String id, String service) {
    }

    /**
     * A container's cumulative CPU time, from Docker's one-shot stats.
     *
     * @param totalNanos CPU time used since it started, all cores
     */
    public record CpuUsage(long totalNanos) {
    }
}

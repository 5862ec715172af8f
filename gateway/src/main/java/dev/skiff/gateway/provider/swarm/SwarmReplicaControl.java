package dev.skiff.gateway.provider.swarm;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.skiff.gateway.provider.ProviderException;
import dev.skiff.gateway.provider.ReplicaControl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Warm zero and CPU readings on swarm: each acts on a task's container through the node agent of the
 * node it runs on (see {@link NodeAgents}), so it works wherever swarm placed the replica.
 */
public final class SwarmReplicaControl implements ReplicaControl {
    private record CpuSample(long cpuNanos, long atNanos) {
    }

    private static final Logger LOG = Logger.getLogger(SwarmReplicaControl.class.getName());
    private static final String FUNCTION_CONTAINER_LABEL = Labels.UID;
    private static final String SERVICE_LABEL = "com.docker.swarm.service.name";

    private final DockerConnection docker;
    private final String network;
    private final NodeAgents agents;
    private final Map<String, Map<String, CpuSample>> lastCpu = new ConcurrentHashMap<>();

    /** @param token what the agents expect as a bearer token (the admin password) */
    public SwarmReplicaControl(DockerConnection docker, String functionsNetwork, String token) {
        this.docker = docker;
        this.network = functionsNetwork;
        this.agents = new NodeAgents(docker, functionsNetwork, token);
    }

    @Override
    public java.util.Set<String> ownFunctions() {
        var networkIds = docker.docker().listNetworksCmd().withNameFilter(network).exec().stream()
                .filter(n -> network.equals(n.getName())).map(com.github.dockerjava.api.model.Network::getId)
                .collect(java.util.stream.Collectors.toSet());
        var own = new java.util.HashSet<String>();
        for (var service : docker.docker().listServicesCmd().exec()) {
            var labels = service.getSpec().getLabels();
            if (labels == null || !labels.containsKey(Labels.FUNCTION)) {
                continue;
            }
            var networks = service.getSpec().getTaskTemplate().getNetworks();
            if (networks != null && networks.stream().anyMatch(n -> network.equals(n.getTarget())
                    || networkIds.contains(n.getTarget()))) {
                own.add(service.getSpec().getName());
            }
        }
        return own;
    }

    /**
     * Container start events of this node's engine (the gateway's). A replica on another node is seen when
     * swarm reports its task running; its agent could forward its node's events the same way.
     */
    @Override
    public void watchStarts(StartListener listener) {
        Thread.ofVirtual().name("replica-starts").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (var callback = new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        started(event, listener);
                    }
                }) {
                    docker.docker().eventsCmd().withEventTypeFilter("container").withEventFilter("start")
                            .withLabelFilter(FUNCTION_CONTAINER_LABEL).exec(callback);
                    callback.awaitCompletion();
                } catch (Exception e) {
                    LOG.fine("container start events ended (" + e.getMessage() + "); reopening");
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void started(Event event, StartListener listener) {
        try {
            var attributes = event.getActor() == null ? null : event.getActor().getAttributes();
            var service = attributes == null ? null : attributes.get(SERVICE_LABEL);
            if (service == null) {
                return;
            }
            var networks = docker.docker().inspectContainerCmd(event.getId()).exec().getNetworkSettings().getNetworks();
            var attached = networks == null ? null : networks.get(network);
            if (attached != null && attached.getIpAddress() != null && !attached.getIpAddress().isBlank()) {
                listener.started(service, new InetSocketAddress(InetAddress.getByName(attached.getIpAddress()),
                        SwarmSettings.WATCHDOG_PORT));
            }
        } catch (Exception e) {
            LOG.fine("cannot read the address of started container " + event.getId() + ": " + e.getMessage());
        }
    }

    @Override
    public FrozenReplica freeze(String function) {
        var running = agents.tasks(function).stream().filter(PlacedTask::isRunning).toList();
        if (running.size() != 1) {
            throw new ProviderException(function + " has " + running.size() + " running replicas; warm zero "
                    + "pauses exactly one", null);
        }
        var task = running.getFirst();
        var container = task.containerId().orElseThrow(() -> new ProviderException("task " + task.id() + " of "
                + function + " has no container yet", null));
        agents.pause(task.nodeId(), container);
        return new FrozenReplica(function, container, task.nodeId());
    }

    @Override
    public void thaw(FrozenReplica replica) {
        agents.unpause(replica.nodeId(), replica.containerId());
    }

    @Override
    public List<FrozenReplica> findFrozen() {
        var frozen = new ArrayList<FrozenReplica>();
        agents.paused().forEach((node, containers) -> containers.forEach(
                c -> frozen.add(new FrozenReplica(c.service(), c.id(), node))));
        return frozen;
    }

    @Override
    public double cpuMillicores(String function) {
        double millicores = 0;
        var before = lastCpu.getOrDefault(function, Map.of());
        var now = new java.util.HashMap<String, CpuSample>();
        for (var task : agents.tasks(function)) {
            if (!task.isRunning() || task.containerId().isEmpty()) {
                continue;
            }
            var container = task.containerId().get();
            var sample = new CpuSample(agents.cpuNanos(task.nodeId(), container), System.nanoTime());
            now.put(container, sample);
            var previous = before.get(container);
            if (previous != null && sample.atNanos() > previous.atNanos()) {
                millicores += 1000.0 * (sample.cpuNanos() - previous.cpuNanos()) / (sample.atNanos() - previous.atNanos());
            }
        }
        lastCpu.put(function, Map.copyOf(now));
        return millicores;
    }
}

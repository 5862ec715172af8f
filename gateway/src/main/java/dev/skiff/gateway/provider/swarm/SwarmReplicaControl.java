package dev.skiff.gateway.provider.swarm;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.skiff.gateway.provider.ProviderException;
import dev.skiff.gateway.provider.ReplicaControl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private record NetworkIds(java.util.Set<String> ids, long readAtNanos) {
    }

    private static final java.time.Duration NETWORK_IDS_FOR = java.time.Duration.ofSeconds(30);

    private final DockerConnection docker;
    private final String network;
    private volatile NetworkIds networkIds;
    private final NodeAgents agents;
    private final Map<String, Map<String, CpuSample>> lastCpu = new ConcurrentHashMap<>();
    // Addresses of containers swarm created and has not started yet: container id -> address.
    private final Map<String, InetSocketAddress> createdAddresses = new ConcurrentHashMap<>();
    private static final int MAX_CREATED = 10_000;

    /** @param token what the agents expect as a bearer token (the admin password) */
    public SwarmReplicaControl(DockerConnection docker, String functionsNetwork, String token) {
        this.docker = docker;
        this.network = functionsNetwork;
        this.agents = new NodeAgents(docker, functionsNetwork, token);
    }

    @Override
    public java.util.Set<String> ownFunctions() {
        var networkIds = networkIds();
        var own = new java.util.HashSet<String>();
        for (var service : docker.functionServices()) {
            var networks = service.getSpec().getTaskTemplate().getNetworks();
            if (networks != null && networks.stream().anyMatch(n -> network.equals(n.getTarget())
                    || networkIds.contains(n.getTarget()))) {
                own.add(service.getSpec().getName());
            }
        }
        return own;
    }

    /**
     * The functions network's ids (one, unless several networks share its name), looked up again after
     * {@link #NETWORK_IDS_FOR}: a network removed and created again under the same name gets a new id.
     */
    private java.util.Set<String> networkIds() {
        var known = networkIds;
        if (known != null && System.nanoTime() - known.readAtNanos() < NETWORK_IDS_FOR.toNanos()) {
            return known.ids();
        }
        var ids = docker.docker().listNetworksCmd().withNameFilter(network).exec().stream()
                .filter(n -> network.equals(n.getName())).map(com.github.dockerjava.api.model.Network::getId)
                .collect(java.util.stream.Collectors.toSet());
        networkIds = new NetworkIds(ids, System.nanoTime());
        return ids;
    }

    /**
     * Container start events of this node's engine (the gateway's). A replica on another node is seen when
     * swarm reports its task running; its agent could forward its node's events the same way. Swarm gives a
     * task's container its address when it creates it, a few hundred milliseconds before starting it: the
     * address is read then, so that the start event reaches the listener without a Docker call on the way.
     */
    @Override
    public void watchStarts(StartListener listener) {
        Thread.ofVirtual().name("replica-starts").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (var callback = new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        if ("create".equals(event.getAction())) {
                            created(event);
                        } else {
                            started(event, listener);
                        }
                    }
                }) {
                    docker.docker().eventsCmd().withEventTypeFilter("container").withEventFilter("create", "start")
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

    /** Reads a new container's address on the functions network ahead of its start; off the start's path. */
    private void created(Event event) {
        var id = event.getId();
        if (id == null || serviceOf(event) == null) {
            return;
        }
        Thread.ofVirtual().name("replica-address").start(() -> {
            try {
                address(id, true).ifPresent(address -> createdAddresses.put(id, address));
            } catch (Exception e) {
                LOG.fine("cannot read the address of created container " + id + ": " + e.getMessage());
            }
        });
    }

    private void started(Event event, StartListener listener) {
        try {
            var service = serviceOf(event);
            if (service == null) {
                return;
            }
            var known = createdAddresses.remove(event.getId());
            var address = known != null ? Optional.of(known) : address(event.getId(), false);
            if (address.isPresent()) {
                listener.started(service, address.get());
            }
        } catch (Exception e) {
            LOG.fine("cannot read the address of started container " + event.getId() + ": " + e.getMessage());
        } finally {
            // Containers whose start this gateway never saw (events missed) leave nothing behind for long.
            if (createdAddresses.size() > MAX_CREATED) {
                createdAddresses.clear();
            }
        }
    }

    private static String serviceOf(Event event) {
        var attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        return attributes == null ? null : attributes.get(SERVICE_LABEL);
    }

    /**
     * The container's address on the functions network: the one it has once started, or (for a container
     * swarm has just created) the one swarm assigned it.
     */
    private Optional<InetSocketAddress> address(String containerId, boolean assigned) throws UnknownHostException {
        var networks = docker.docker().inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks();
        var attached = networks == null ? null : networks.get(network);
        if (attached == null) {
            return Optional.empty();
        }
        var ip = attached.getIpAddress();
        if (assigned && (ip == null || ip.isBlank()) && attached.getIpamConfig() != null) {
            ip = attached.getIpamConfig().getIpv4Address();
        }
        if (ip == null || ip.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(InetAddress.getByName(ip), SwarmSettings.WATCHDOG_PORT));
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

package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running and healthy replicas of every function, so that routing a call costs no Docker API call.
 * Refreshed when Docker reports a container or service change (health_status events included), when a
 * replica refuses a connection, and every {@link #POLL_INTERVAL} in case an event was missed (tasks on
 * other nodes send none to this one). Swarm keeps a task "starting" until its health check first passes,
 * so a running task has been healthy; a container Docker then reports unhealthy is left out until it
 * is healthy again or swarm replaces it. A container this node's Docker is stopping (SIGTERM or SIGKILL)
 * leaves the rotation at the event itself, before any Docker call: its watchdog keeps serving only for
 * its short shutdown notice, and a refresh takes two API calls that a busy Docker may answer slowly.
 */
final class ReplicaCache implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicaCache.class.getName());
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    // A call for an unknown or empty function refreshes at once, but no more often than this.
    private static final Duration MIN_ON_DEMAND_GAP = Duration.ofMillis(100);
    private static final Duration EVENTS_RETRY = Duration.ofSeconds(1);
    private static final String UNHEALTHY = "health_status: unhealthy";
    private static final String HEALTHY = "health_status: healthy";
    private static final Set<String> STOP_SIGNALS = Set.of("15", "9", "SIGTERM", "SIGKILL", "TERM", "KILL");
    /**
     * The container and service events that can change a function's replicas, filtered by Docker: the health
     * checks' exec events (three per check, every second per container of every stack on the engine) are then
     * never sent, and docker-java does not parse them. Docker matches {@code health_status} as a prefix.
     */
    private static final String[] REPLICA_EVENTS = {"create", "start", "restart", "die", "kill", "stop", "destroy",
        "pause", "unpause", "oom", "health_status", "update", "remove"};
    private static final String SERVICES_PATH = "/services?filters="
            + URLEncoder.encode("{\"label\":[\"" + Labels.FUNCTION + "\"]}", StandardCharsets.UTF_8);
    private static final TypeReference<List<FunctionService>> SERVICES = new TypeReference<>() { };

    private record Snapshot(Map<String, List<InetSocketAddress>> byFunction,
                            Map<String, Map<String, String>> annotations, Map<String, Placed> byContainer,
                            long takenAtNanos) {
        /** This snapshot without the given containers' replicas. */
        Snapshot without(Set<String> containers) {
            var gone = byContainer.entrySet().stream().filter(e -> containers.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            if (gone.isEmpty()) {
                return this;
            }
            var functions = new HashMap<>(byFunction);
            for (var placed : gone) {
                functions.computeIfPresent(placed.function(), (name, addresses) -> addresses.stream()
                        .filter(address -> !address.equals(placed.address())).toList());
            }
            var placements = new HashMap<>(byContainer);
            placements.keySet().removeAll(containers);
            return new Snapshot(Map.copyOf(functions), annotations, Map.copyOf(placements), takenAtNanos);
        }
    }

    /** Which function a container serves, at which address. */
    private record Placed(String function, InetSocketAddress address) {
    }

    private final DockerConnection connection;
    private final SwarmTasks tasks;
    private final String network;
    private final Semaphore wake = new Semaphore(0);
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), 0);
    // Guards publishing a snapshot, so that a refresh cannot put back a replica an event just took out.
    private final Object publishing = new Object();
    private volatile boolean running;
    // When the provider last changed something: a snapshot older than this is stale whatever its age.
    private volatile long invalidatedAtNanos = System.nanoTime();
    // Containers whose last health_status event was "unhealthy" (this node's; swarm fails them soon after).
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
    // Containers paused by warm zero: their "unhealthy" is Docker's, not the function's.
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    // Containers this node's Docker is stopping or has stopped: never routed to again.
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();

    ReplicaCache(DockerConnection connection, SwarmTasks tasks, String network) {
        this.connection = connection;
        this.tasks = tasks;
        this.network = network;
    }

    void start() {
        running = true;
        refresh();
        Thread.ofVirtual().name("replica-cache-poll").start(this::pollLoop);
        Thread.ofVirtual().name("replica-cache-events").start(this::eventLoop);
    }

    /** The function's running replicas; may refresh once if it is unknown or has none. */
    List<InetSocketAddress> endpoints(String name) {
        var addresses = snapshot.byFunction().get(name);
        if (addresses == null || addresses.isEmpty()) {
            refreshIfOlderThan(MIN_ON_DEMAND_GAP);
            addresses = snapshot.byFunction().get(name);
        }
        if (addresses == null) {
            throw new FunctionNotFoundException(name);
        }
        return addresses;
    }

    /** The function's annotations as of the last refresh (the proxy's per-function settings); empty if unknown. */
    Map<String, String> annotations(String name) {
        return snapshot.annotations().getOrDefault(name, Map.of());
    }

    /** Asks for a refresh soon, without waiting for it. */
    void invalidate() {
        invalidatedAtNanos = System.nanoTime();
        wake.release();
    }

    private void refreshIfOlderThan(Duration age) {
        long takenAt = snapshot.takenAtNanos();
        refreshLock.lock();
        try {
            // Another caller may have refreshed while this one waited for the lock; a snapshot read before
            // the last change is stale whoever took it.
            long current = snapshot.takenAtNanos();
            if ((current == takenAt && System.nanoTime() - takenAt >= age.toNanos())
                    || current - invalidatedAtNanos < 0) {
                refreshLocked();
            }
        } finally {
            refreshLock.unlock();
        }
    }

    private void refresh() {
        refreshLock.lock();
        try {
            refreshLocked();
        } finally {
            refreshLock.unlock();
        }
    }

    private void refreshLocked() {
        // The snapshot is as old as its first read: one that began before a deploy's invalidate() misses
        // that function, and must count as older than the change.
        long readAt = System.nanoTime();
        try {
            var names = new HashMap<String, String>();
            var annotations = new HashMap<String, Map<String, String>>();
            // Only services labelled as functions: the query filters on that label.
            for (FunctionService service : functionServices()) {
                names.put(service.id(), service.spec().name());
                annotations.put(service.spec().name(), Map.copyOf(Labels.annotations(service.spec().labels())));
            }
            var byFunction = new HashMap<String, List<InetSocketAddress>>();
            var byContainer = new HashMap<String, Placed>();
            names.values().forEach(name -> byFunction.put(name, new java.util.ArrayList<>()));
            var listed = new java.util.HashSet<String>();
            for (SwarmTask task : tasks.desiredRunning(names.keySet())) {
                listed.add(task.containerId());
                var name = names.get(task.serviceId());
                if (name != null && task.isRunning() && !unhealthy.contains(task.containerId())) {
                    task.addressOn(network).map(ReplicaCache::address).ifPresent(address -> {
                        byFunction.get(name).add(address);
                        byContainer.put(task.containerId(), new Placed(name, address));
                    });
                }
            }
            byFunction.replaceAll((name, list) -> List.copyOf(list));
            var fresh = new Snapshot(Map.copyOf(byFunction), Map.copyOf(annotations), Map.copyOf(byContainer), readAt);
            synchronized (publishing) {
                snapshot = fresh.without(stopping);
                // Swarm no longer lists a stopped container's task as desired running: nothing to hold back.
                stopping.retainAll(listed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot refresh function replicas from Docker: " + e.getMessage());
        }
    }

    /** What a refresh needs of a function's service: its id, name and labels. */
    record FunctionService(@JsonProperty("ID") String id, @JsonProperty("Spec") Spec spec) {
        record Spec(@JsonProperty("Name") String name, @JsonProperty("Labels") Map<String, String> labels) {
        }
    }

    /**
     * The functions' services, read from Docker's HTTP API with a label filter and into these few fields: this
     * runs every second, and docker-java's listServicesCmd reads every service of the swarm into its full model.
     */
    private List<FunctionService> functionServices() {
        return connection.getJson(SERVICES_PATH, SERVICES, "function services");
    }

    private static InetSocketAddress address(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), SwarmSettings.WATCHDOG_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Docker reported a task address that is not an IP: " + ip, e);
        }
    }

    private void pollLoop() {
        while (running) {
            try {
                wake.tryAcquire(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                refresh();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Every health check is a {@code docker exec} with three events of its own (exec_create, exec_start,
     * exec_die), every second per container: refreshing on those kept the gateway busy when idle.
     */
    private static boolean changesReplicas(Event event) {
        var action = event.getAction();
        return action == null || !action.startsWith("exec_");
    }

    private void eventLoop() {
        while (running) {
            try (var callback = new ResultCallback.Adapter<Event>() {
                @Override
                public void onNext(Event event) {
                    noteHealth(event);
                    if (changesReplicas(event)) {
                        invalidate();
                    }
                }
            }) {
                connection.docker().eventsCmd().withEventTypeFilter("container", "service")
                        .withEventFilter(REPLICA_EVENTS).exec(callback);
                callback.awaitCompletion();
            } catch (Exception e) {
                if (running) {
                    LOG.fine("Docker event stream ended (" + e.getMessage() + "); reopening");
                }
            }
            try {
                Thread.sleep(EVENTS_RETRY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void noteHealth(Event event) {
        var action = event.getAction();
        if (action == null || event.getId() == null) {
            return;
        }
        var id = event.getId();
        if (stops(event)) {
            stopping.add(id);
            synchronized (publishing) {
                snapshot = snapshot.without(Set.of(id));
            }
            return;
        }
        switch (action) {
            // Docker reports a paused container unhealthy (its check cannot run); warm zero pauses the
            // last replica on purpose and unpauses it for the next call, which must not wait for a check.
            case "pause" -> paused.add(id);
            case "unpause" -> {
                paused.remove(id);
                unhealthy.remove(id);
            }
            case UNHEALTHY -> {
                if (!paused.contains(id)) {
                    unhealthy.add(id);
                }
            }
            case HEALTHY -> unhealthy.remove(id);
            case "destroy" -> {
                unhealthy.remove(id);
                paused.remove(id);
                stopping.remove(id);
            }
            default -> {
                // other container and service events only trigger the refresh
            }
        }
    }

    /**
     * Whether the event stops the container: {@code kill} with SIGTERM (docker stop, swarm ending a task) or
     * SIGKILL (docker kill), or {@code die}. Other signals (a user's SIGHUP, say) leave it serving.
     */
    static boolean stops(Event event) {
        var action = event.getAction();
        if ("die".equals(action)) {
            return true;
        }
        if (!"kill".equals(action)) {
            return false;
        }
        var attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        var signal = attributes == null ? null : attributes.get("signal");
        return signal == null || STOP_SIGNALS.contains(signal);
    }

    @Override
    public void close() {
        running = false;
        wake.release();
    }
}

package dev.skiff.gateway.scaling;

import dev.skiff.gateway.provider.Endpoints;
import dev.skiff.gateway.provider.NoTlsContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The replicas the proxy may use: those of the provider that answered {@code GET /_/ready}, so that a new
 * replica gets no call before its watchdog says it can take one, and an unhealthy one gets none at all.
 * A new address is probed at once, every {@link #REFUSED_RETRY} while its port is still closed (the
 * gateway is on the functions network, so it reaches replicas directly), then every
 * {@link #UNHEALTHY_RETRY} while it answers not ready. A function the autoscaler holds (going to zero,
 * or paused) has no replicas for the proxy at all.
 */
public final class ReadyReplicas implements Endpoints, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReadyReplicas.class.getName());
    static final Duration REFUSED_RETRY = Duration.ofMillis(3);
    static final Duration UNHEALTHY_RETRY = Duration.ofMillis(200);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    // A replica that never becomes ready is re-checked from the provider's list at this pace.
    private static final Duration STILL_LISTED_CHECK = Duration.ofSeconds(1);
    // How long a started replica is used before the provider lists it: longer than swarm's first health check.
    private static final Duration STARTING_LIMIT = Duration.ofSeconds(30);

    private enum State { PROBING, READY, UNHEALTHY }

    private record Replica(String function, State state) {
    }

    private final Endpoints provider;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .sslContext(NoTlsContext.get()).connectTimeout(PROBE_TIMEOUT).build();
    private final Map<InetSocketAddress, Replica> replicas = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    // Replicas whose container started but that the provider does not list yet (swarm reports a task
    // running only after its first health check): function -> address -> when the start was seen.
    private final Map<String, Map<InetSocketAddress, Long>> starting = new ConcurrentHashMap<>();
    private final Object readySignal = new Object();
    private volatile boolean open = true;

    public ReadyReplicas(Endpoints provider) {
        this.provider = provider;
    }

    @Override
    public List<InetSocketAddress> endpoints(String name) {
        var all = provider.endpoints(name);
        if (held.contains(name)) {
            return List.of();
        }
        var started = starting.get(name);
        if (started != null && !started.isEmpty()) {
            all = withStarting(all, started);
        }
        boolean allReady = true;
        for (var address : all) {
            var replica = replicas.get(address);
            if (replica == null || replica.state() != State.READY) {
                allReady = false;
                if (replica == null) {
                    probe(name, address);
                }
            }
        }
        if (allReady) {
            return all;
        }
        return all.stream().filter(a -> {
            var replica = replicas.get(a);
            return replica != null && replica.state() == State.READY;
        }).toList();
    }

    /** A replica's container has just started: probe it now and use it once ready, listed or not. */
    public void started(String function, InetSocketAddress address) {
        starting.computeIfAbsent(function, f -> new ConcurrentHashMap<>()).put(address, System.nanoTime());
        // A new container may have an address an old one had: its readiness is not the old one's.
        replicas.remove(address);
        probe(function, address);
    }

    private static List<InetSocketAddress> withStarting(List<InetSocketAddress> listed,
                                                        Map<InetSocketAddress, Long> started) {
        var merged = new java.util.ArrayList<>(listed);
        long now = System.nanoTime();
        started.forEach((address, seenAt) -> {
            if (listed.contains(address) || now - seenAt > STARTING_LIMIT.toNanos()) {
                started.remove(address, seenAt);
            } else {
                merged.add(address);
            }
        });
        return merged;
    }

    @Override
    public void reportUnreachable(String name, InetSocketAddress replica) {
        // Gone, or a new container on a reused address: it is probed again if the provider still lists it.
        replicas.remove(replica);
        var started = starting.get(name);
        if (started != null) {
            started.remove(replica);
        }
        provider.reportUnreachable(name, replica);
    }

    @Override
    public Map<String, String> annotations(String name) {
        return provider.annotations(name);
    }

    /** Waits until the function has a ready replica; false at the deadline ({@link System#nanoTime()}). */
    public boolean awaitReady(String name, long deadlineNanos) {
        while (true) {
            if (!endpoints(name).isEmpty()) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (readySignal) {
                try {
                    // Woken by a probe's success; the timeout also lets the provider's list catch up.
                    readySignal.wait(Math.max(1, Math.min(10, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** No replicas for the proxy until {@link #release}: the function is going to zero or is paused. */
    void hold(String name) {
        held.add(name);
    }

    void release(String name) {
        held.remove(name);
    }

    /** Forgets what is known of the function's replicas: they are going away. */
    void forget(String function) {
        replicas.entrySet().removeIf(entry -> entry.getValue().function().equals(function));
        starting.remove(function);
    }

    /** Forgets replicas the provider no longer lists, so that a reused address is probed anew. */
    void sweep() {
        replicas.forEach((address, replica) -> {
            if (!stillListed(replica.function(), address)) {
                replicas.remove(address, replica);
            }
        });
    }

    private void probe(String function, InetSocketAddress address) {
        if (replicas.putIfAbsent(address, new Replica(function, State.PROBING)) != null) {
            return;
        }
        Thread.ofVirtual().name("ready-probe-" + function).start(() -> probeUntilReady(function, address));
    }

    private void probeUntilReady(String function, InetSocketAddress address) {
        var request = HttpRequest.newBuilder(URI.create("http://" + address.getAddress().getHostAddress() + ":"
                + address.getPort() + "/_/ready")).timeout(PROBE_TIMEOUT).GET().build();
        long listedCheckAt = System.nanoTime() + STILL_LISTED_CHECK.toNanos();
        int probes = 0;
        while (open && replicas.containsKey(address)) {
            Duration pause;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                // 429: every slot is busy, but the replica is up and takes calls as slots free. 404 and 405:
                // an image without a readiness route (OpenFaaS's classic watchdog): it answers, so it is up.
                if (status == 200 || status == 429 || status == 404 || status == 405) {
                    replicas.replace(address, new Replica(function, State.READY));
                    logReady(function, address, probes + 1);
                    synchronized (readySignal) {
                        readySignal.notifyAll();
                    }
                    return;
                }
                if (replicas.replace(address, new Replica(function, State.UNHEALTHY)) != null) {
                    LOG.fine(() -> function + " replica " + address + " is not ready (" + status + ")");
                }
                pause = UNHEALTHY_RETRY;
            } catch (ConnectException e) {
                pause = REFUSED_RETRY;
            } catch (IOException e) {
                pause = UNHEALTHY_RETRY;
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() - listedCheckAt > 0) {
                listedCheckAt = System.nanoTime() + STILL_LISTED_CHECK.toNanos();
                if (!stillListed(function, address)) {
                    replicas.remove(address);
                    return;
                }
            }
            probes++;
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A replica whose container start this gateway saw is logged with how long it took from that event to
     * ready (the watchdog's start, plus at most one probe interval): where a cold start's time goes.
     */
    private void logReady(String function, InetSocketAddress address, int probes) {
        var started = starting.get(function);
        Long seenAt = started == null ? null : started.get(address);
        if (seenAt == null) {
            LOG.fine(() -> function + " replica " + address + " is ready");
            return;
        }
        long millis = (System.nanoTime() - seenAt) / 1_000_000;
        LOG.info(() -> function + ": replica " + address.getAddress().getHostAddress() + " ready " + millis
                + " ms after its container start event (" + probes + " probes)");
    }

    private boolean stillListed(String function, InetSocketAddress address) {
        var started = starting.get(function);
        if (started != null && started.containsKey(address)) {
            return true;
        }
        try {
            return provider.endpoints(function).contains(address);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        open = false;
    }
}

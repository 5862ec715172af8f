package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.skiff.api.Json;
import dev.skiff.gateway.agent.AgentWire;
import dev.skiff.gateway.provider.NoTlsContext;
import dev.skiff.gateway.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node agents (one global service task per node, on the functions network) and calls to them. The
 * agent of a node is found from swarm's task list: the task of the agent service on that node, and its
 * address on the functions network. The agent service is the one labelled {@value #AGENT_LABEL} with the
 * functions network's name, so that two platforms on one swarm each find their own.
 */
final class NodeAgents {
    static final String AGENT_LABEL = "dev.skiff.node-agent";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REFRESH = Duration.ofSeconds(10);

    private final DockerConnection docker;
    private final String network;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .sslContext(NoTlsContext.get()).connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Map<String, String> addressByNode = Map.of();
    private volatile long refreshedAtNanos = System.nanoTime() - REFRESH.toNanos();

    NodeAgents(DockerConnection docker, String network, String token) {
        this.docker = docker;
        this.network = network;
        this.token = token;
    }

    void pause(String nodeId, String containerId) {
        post(nodeId, "/containers/" + containerId + "/pause");
    }

    void unpause(String nodeId, String containerId) {
        post(nodeId, "/containers/" + containerId + "/unpause");
    }

    long cpuNanos(String nodeId, String containerId) {
        return get(nodeId, "/containers/" + containerId + "/cpu", new TypeReference<AgentWire.CpuUsage>() { })
                .totalNanos();
    }

    /** Paused function containers on every node, by node id. */
    Map<String, List<AgentWire.PausedContainer>> paused() {
        var found = new HashMap<String, List<AgentWire.PausedContainer>>();
        for (var node : agents(false).keySet()) {
            found.put(node, get(node, "/paused", new TypeReference<List<AgentWire.PausedContainer>>() { }));
        }
        return found;
    }

    private void post(String nodeId, String path) {
        var response = send(nodeId, path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException("node agent on " + nodeId + " answered " + response.statusCode() + " to "
                    + path + ": " + response.body(), null);
        }
    }

    private <T> T get(String nodeId, String path, TypeReference<T> type) {
        var response = send(nodeId, path, HttpRequest.newBuilder().GET());
        if (response.statusCode() != 200) {
            throw new ProviderException("node agent on " + nodeId + " answered " + response.statusCode() + " to "
                    + path + ": " + response.body(), null);
        }
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ProviderException("node agent on " + nodeId + " sent bad JSON for " + path, e);
        }
    }

    private HttpResponse<String> send(String nodeId, String path, HttpRequest.Builder builder) {
        if (token.isEmpty()) {
            throw new ProviderException("no token for the node agents: mount the basic-auth-password secret in "
                    + "the gateway (secret_mount_path)", null);
        }
        var address = agents(false).get(nodeId);
        if (address == null) {
            address = agents(true).get(nodeId);
        }
        if (address == null) {
            throw new ProviderException("no node agent runs on node " + nodeId + " (deploy the agent service of "
                    + "stack.yml: a global service labelled " + AGENT_LABEL + "=" + network + ")", null);
        }
        var request = builder.uri(URI.create("http://" + address + ":" + AgentWire.PORT + path))
                .header("Authorization", "Bearer " + token)
                .timeout(TIMEOUT)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            refreshedAtNanos = System.nanoTime() - REFRESH.toNanos();
            throw new ProviderException("cannot reach the node agent on " + nodeId + " at " + address + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted calling the node agent on " + nodeId, e);
        }
    }

    /** Node id to agent address, refreshed every {@link #REFRESH} or when forced. */
    private Map<String, String> agents(boolean force) {
        if (!force && System.nanoTime() - refreshedAtNanos < REFRESH.toNanos()) {
            return addressByNode;
        }
        var services = docker.docker().listServicesCmd()
                .withLabelFilter(Map.of(AGENT_LABEL, network)).exec();
        var byNode = new HashMap<String, String>();
        for (var service : services) {
            for (var task : tasks(service.getSpec().getName())) {
                if (task.isRunning()) {
                    task.addressOn(network).ifPresent(address -> byNode.put(task.nodeId(), address));
                }
            }
        }
        addressByNode = Map.copyOf(byNode);
        refreshedAtNanos = System.nanoTime();
        return addressByNode;
    }

    /** The running tasks of one service, with their nodes and containers. */
    List<PlacedTask> tasks(String service) {
        var filters = "{\"service\":[\"" + service + "\"],\"desired-state\":[\"running\"]}";
        return docker.getJson("/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8),
                new TypeReference<>() { }, "the tasks of " + service);
    }
}

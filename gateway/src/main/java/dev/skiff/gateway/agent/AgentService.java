package dev.skiff.gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skiff.api.Json;
import dev.skiff.gateway.provider.swarm.DockerConnection;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The agent's routes, each on a function container of this node only (one carrying the function uid
 * label), and only for a caller holding the token:
 *
 * <pre>
 * POST /containers/{id}/pause     204
 * POST /containers/{id}/unpause   204
 * GET  /containers/{id}/cpu       {"totalNanos":...}
 * GET  /paused                    [{"id":...,"service":...}]
 * </pre>
 */
final class AgentService implements HttpService {
    // The label every function container carries (provider.swarm Labels.UID): functions, nothing else.
    private static final String FUNCTION_LABEL = "com.openfaas.uid";
    private static final String SERVICE_LABEL = "com.docker.swarm.service.name";

    private final DockerConnection docker;
    private final byte[] expected;

    AgentService(DockerConnection docker, String token) {
        this.docker = docker;
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/containers/{id}/pause", (req, res) -> change(req, res, true))
                .post("/containers/{id}/unpause", (req, res) -> change(req, res, false))
                .get("/containers/{id}/cpu", this::cpu)
                .get("/paused", this::paused);
    }

    private void change(ServerRequest request, ServerResponse response, boolean pause) {
        if (!authorised(request, response)) {
            return;
        }
        var id = request.path().pathParameters().get("id");
        if (!isFunction(id, response)) {
            return;
        }
        try {
            if (pause) {
                docker.docker().pauseContainerCmd(id).exec();
            } else {
                docker.docker().unpauseContainerCmd(id).exec();
            }
            response.status(Status.NO_CONTENT_204).send();
        } catch (RuntimeException e) {
            response.status(Status.CONFLICT_409).send("cannot " + (pause ? "pause" : "unpause") + " " + id + ": "
                    + e.getMessage());
        }
    }

    private void cpu(ServerRequest request, ServerResponse response) throws IOException {
        if (!authorised(request, response)) {
            return;
        }
        var id = request.path().pathParameters().get("id");
        if (!isFunction(id, response)) {
            return;
        }
        var stats = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/stats?stream=false&one-shot=true")
                .build();
        try (var answer = docker.http().execute(stats)) {
            var tree = Json.mapper().readTree(answer.getBody());
            long total = tree.path("cpu_stats").path("cpu_usage").path("total_usage").asLong(0);
            json(response, new AgentWire.CpuUsage(total));
        }
    }

    private void paused(ServerRequest request, ServerResponse response) {
        if (!authorised(request, response)) {
            return;
        }
        List<AgentWire.PausedContainer> paused = docker.docker().listContainersCmd()
                .withStatusFilter(List.of("paused"))
                .withLabelFilter(List.of(FUNCTION_LABEL))
                .exec().stream()
                .map(c -> new AgentWire.PausedContainer(c.getId(),
                        c.getLabels() == null ? "" : c.getLabels().getOrDefault(SERVICE_LABEL, "")))
                .toList();
        json(response, paused);
    }

    private boolean isFunction(String id, ServerResponse response) {
        try {
            Map<String, String> labels = docker.docker().inspectContainerCmd(id).exec().getConfig().getLabels();
            if (labels != null && labels.containsKey(FUNCTION_LABEL)) {
                return true;
            }
            response.status(Status.FORBIDDEN_403).send("container " + id + " is not a function replica");
        } catch (NotFoundException e) {
            response.status(Status.NOT_FOUND_404).send("no container " + id + " on this node");
        }
        return false;
    }

    private boolean authorised(ServerRequest request, ServerResponse response) {
        var given = request.headers().first(HeaderNames.AUTHORIZATION).orElse("").getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(given, expected)) {
            return true;
        }
        response.status(Status.UNAUTHORIZED_401).send("send the gateway's token as Authorization: Bearer");
        return false;
    }

    private static void json(ServerResponse response, Object body) {
        try {
            response.header(HeaderValues.CONTENT_TYPE_JSON).send(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}

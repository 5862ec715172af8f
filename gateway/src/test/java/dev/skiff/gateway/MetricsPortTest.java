package dev.skiff.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.GatewayInfo;
import dev.skiff.gateway.config.GatewayConfig;
import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.proxy.Proxy;
import dev.skiff.gateway.proxy.RoundRobin;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production routes on two real sockets, with a provider that knows one function and no replica of it. */
class MetricsPortTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private WebServer server;

    @BeforeEach
    void start() {
        var config = GatewayConfig.fromEnv(Map.of("port", "0", "metrics_port", "0", "basic_auth", "false"));
        var provider = new OneIdleFunction();
        var proxy = new Proxy(provider, new RoundRobin(), WebClient.create());
        var invocations = new InvocationMetrics(registry, config.namespace());
        var info = new GatewayInfo(null, null, "x86_64");
        server = WebServer.builder()
                .port(0)
                .routing(routing -> Main.routing(routing, config, provider, proxy, Optional.empty(), info, invocations))
                .putSocket(Main.METRICS_SOCKET, socket -> socket.port(0)
                        .routing(routing -> Main.metricsRouting(routing, registry)))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void countsTheGatewaysOwnErrorAnswersAndServesThemOnTheMetricsPort() throws Exception {
        assertEquals(404, get(server.port(), "/function/nope").statusCode());
        assertEquals(503, get(server.port(), "/function/idle.openfaas-fn/x").statusCode());
        assertEquals(503, get(server.port(), "/function/idle").statusCode());

        // Completion is recorded just after the answer is sent, so a scrape may briefly trail the last call.
        var expected = List.of(
                "gateway_function_invocation_total{code=\"404\",function_name=\"nope.openfaas-fn\"} 1.0",
                "gateway_function_invocation_total{code=\"503\",function_name=\"idle.openfaas-fn\"} 2.0",
                "gateway_function_invocation_started_total{function_name=\"idle.openfaas-fn\"} 2.0");
        var scrape = get(server.port(Main.METRICS_SOCKET), "/metrics");
        for (int i = 0; i < 50 && !scrape.body().lines().toList().containsAll(expected); i++) {
            Thread.sleep(20);
            scrape = get(server.port(Main.METRICS_SOCKET), "/metrics");
        }
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                scrape.headers().firstValue("Content-Type").orElse(""));
        assertTrue(scrape.body().lines().toList().containsAll(expected), scrape.body());
    }

    @Test
    void functionsApiReportsTheSameCount() throws Exception {
        get(server.port(), "/function/idle");
        get(server.port(), "/function/idle");
        var list = get(server.port(), "/system/functions").body();
        for (int i = 0; i < 50 && !list.contains("\"invocationCount\":2.0"); i++) {
            Thread.sleep(20);
            list = get(server.port(), "/system/functions").body();
        }
        assertTrue(list.contains("\"invocationCount\":2.0"), list);
    }

    @Test
    void metricsPortAnswersHealthzAndTheApiPortHasNoMetrics() throws Exception {
        var health = get(server.port(Main.METRICS_SOCKET), "/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("OK", health.body());
        assertEquals(404, get(server.port(), "/metrics").statusCode());
        assertEquals(404, get(server.port(Main.METRICS_SOCKET), "/function/idle").statusCode());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Knows "idle", which has no running replica (503); any other name is unknown (404). */
    private static final class OneIdleFunction implements FunctionProvider {
        @Override
        public List<InetSocketAddress> endpoints(String name) {
            if (!name.equals("idle")) {
                throw new FunctionNotFoundException(name);
            }
            return List.of();
        }

        @Override
        public List<FunctionStatus> list() {
            return List.of(new FunctionStatus("idle", "image", "openfaas-fn", null, null, null, null, null, null, null,
                    null, false, 0, 1, 0, null, null));
        }

        @Override
        public FunctionStatus get(String name) {
            return list().getFirst();
        }

        @Override
        public void deploy(FunctionDeployment deployment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(FunctionDeployment deployment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void scale(String name, long replicas) {
            throw new UnsupportedOperationException();
        }
    }
}

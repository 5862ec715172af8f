package dev.skiff.gateway.proxy;

import dev.skiff.gateway.api.ErrorResponses;
import dev.skiff.gateway.api.InvokeService;
import dev.skiff.gateway.front.FrontRoutes;
import dev.skiff.gateway.front.FrontServer;
import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.Endpoints;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The proxy's own cost, without containers or overlay network, for {@code bench/gateway/inprocess}: run as
 * {@code replica PORT} (a Helidon server answering a few bytes), {@code gateway PORT REPLICA_PORT} (the real
 * InvokeService and Proxy with production settings, function {@code f} at the replica) or {@code front PORT
 * REPLICA_PORT} (the Netty front before the same, on an internal port), each in its own JVM
 * so that the gateway's CPU can be read from its process alone. Binds 127.0.0.1 only. Not a test.
 */
public final class ProxyBench {
    private ProxyBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("replica")) {
            WebServer.builder().host("127.0.0.1").port(port)
                    .routing(routing -> routing.any("/*", (req, res) -> res.send("root:x:0:\n")))
                    .build().start();
        } else {
            var replica = List.of(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])));
            Endpoints endpoints = name -> {
                if (!name.equals("f")) {
                    throw new FunctionNotFoundException(name);
                }
                return replica;
            };
            var proxy = new Proxy(endpoints, new RoundRobin(),
                    WebClient.builder().connectTimeout(Duration.ofSeconds(2)).build(),
                    ProxySettings.defaults(Duration.ofSeconds(60), Duration.ofSeconds(3)));
            var metrics = new InvocationMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "openfaas-fn");
            var helidon = WebServer.builder().host("127.0.0.1").port(args[0].equals("front") ? 0 : port)
                    .routing(routing -> {
                        routing.register("/function", new InvokeService(proxy, new DeploymentValidator("openfaas-fn"),
                                metrics));
                        ErrorResponses.register(routing);
                    }).build().start();
            if (args[0].equals("front")) {
                FrontServer.start("127.0.0.1", port, 0, new FrontRoutes(proxy, WakeGate.open(), metrics,
                        "openfaas-fn", new InetSocketAddress("127.0.0.1", helidon.port())), Duration.ofSeconds(2));
            }
        }
        System.out.println(args[0].equals("front") ? "ready, transport " + (FrontServer.nativeTransport() ? "epoll" : "nio") : "ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}

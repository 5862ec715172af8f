import dev.skiff.api.FunctionStatus;
import dev.skiff.gateway.api.AsyncRoutes;
import dev.skiff.gateway.async.AsyncConfig;
import dev.skiff.gateway.async.AsyncPublisher;
import dev.skiff.gateway.async.CallStatuses;
import dev.skiff.gateway.async.DeadLetters;
import dev.skiff.gateway.async.FunctionCatalog;
import dev.skiff.gateway.async.JetStreamQueue;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gateway's accept path in one JVM, without containers: Helidon with the gateway's server options, the
 * real async routes (AsyncRoutes, AsyncPublisher, JetStreamQueue) on a nats-server given by its port, one
 * known function ("bench-async", no annotations), and GET /healthz as the HTTP reference. bench/async/accept
 * runs two builds of it side by side for an A/B.
 *
 *   java -cp GATEWAY-CLASSPATH bench/async/AcceptBench.java PORT NATS-PORT CHANNEL
 */
public final class AcceptBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        var config = AsyncConfig.fromEnv(Map.of("faas_nats_address", "127.0.0.1", "faas_nats_port", args[1],
                "faas_nats_channel", args[2])).orElseThrow();
        var queue = JetStreamQueue.connect(config);
        for (int i = 0; i < 100 && !queue.ready(); i++) {
            Thread.sleep(100);
        }
        var function = new FunctionStatus("bench-async", "bench", "openfaas-fn", null, Map.of(), List.of(), List.of(),
                Map.of(), Map.of(), null, null, false, 0, 1, 1, Instant.now(), null);
        var statuses = new CallStatuses(queue);
        var publisher = new AsyncPublisher(queue, new FunctionCatalog(name -> {
            if (!name.equals(function.name())) {
                throw new FunctionNotFoundException(name);
            }
            return function;
        }), statuses, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "openfaas-fn");
        var deadLetters = new DeadLetters(queue, statuses);
        WebServer.builder()
                .port(port)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .addProtocol(Http1Config.builder().validateRequestHostHeader(false).build())
                .routing(routing -> {
                    routing.get("/healthz", (req, res) -> res.send("OK"));
                    routing.post("/bench/purge", (req, res) -> {
                        queue.management().purgeStream(config.names().stream());
                        queue.management().purgeStream("KV_" + config.names().statusBucket());
                        res.send("purged");
                    });
                    AsyncRoutes.register(routing, publisher, statuses, deadLetters, "openfaas-fn");
                })
                .build()
                .start();
        System.out.println("ready on " + port);
    }
}

package dev.skiff.gateway;

import dev.skiff.api.GatewayInfo;
import dev.skiff.gateway.api.AsyncRoutes;
import dev.skiff.gateway.api.ErrorResponses;
import dev.skiff.gateway.api.FunctionsService;
import dev.skiff.gateway.api.InvokeService;
import dev.skiff.gateway.api.MetricsService;
import dev.skiff.gateway.api.LogsService;
import dev.skiff.gateway.api.SecretsService;
import dev.skiff.gateway.api.SystemService;
import dev.skiff.gateway.async.AsyncCalls;
import dev.skiff.gateway.async.AsyncConfig;
import dev.skiff.gateway.async.AsyncPublisher;
import dev.skiff.gateway.async.CallStatuses;
import dev.skiff.gateway.async.DeadLetters;
import dev.skiff.gateway.async.FunctionCatalog;
import dev.skiff.gateway.async.JetStreamQueue;
import dev.skiff.gateway.auth.BasicAuthFilter;
import dev.skiff.gateway.config.GatewayConfig;
import dev.skiff.gateway.front.FrontRoutes;
import dev.skiff.gateway.front.FrontServer;
import dev.skiff.gateway.front.FrontSettings;
import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.metrics.ServiceCounts;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.provider.swarm.DockerConnection;
import dev.skiff.gateway.provider.swarm.SwarmProvider;
import dev.skiff.gateway.provider.swarm.SwarmSettings;
import dev.skiff.gateway.proxy.Proxy;
import dev.skiff.gateway.proxy.WakeGate;
import dev.skiff.gateway.provider.ReplicaControl;
import dev.skiff.gateway.provider.swarm.SwarmReplicaControl;
import dev.skiff.gateway.scaling.Autoscaler;
import dev.skiff.gateway.scaling.LoadTracker;
import dev.skiff.gateway.scaling.ReadyReplicas;
import dev.skiff.gateway.scaling.ScaledProvider;
import dev.skiff.gateway.scaling.ScalingMetrics;
import dev.skiff.gateway.scaling.ScalingSettings;
import dev.skiff.gateway.proxy.ProxySettings;
import dev.skiff.gateway.proxy.RoundRobin;
import io.helidon.logging.common.LogConfig;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/** Reads the config, connects to Docker, builds the provider, proxy and services, and serves. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The second listener: {@code /metrics} and {@code /healthz} on {@code metrics_port}, without auth. */
    public static final String METRICS_SOCKET = "metrics";

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        // Before any name lookup fixes the JVM's DNS cache policy (30 s): a restarted nats task comes back
        // on a new overlay address under the same name, and the gateway must find it within seconds.
        java.security.Security.setProperty("networkaddress.cache.ttl", "2");
        long started = System.nanoTime();
        GatewayConfig config;
        Optional<AsyncConfig> asyncConfig;
        ScalingSettings scaling;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
            scaling = ScalingSettings.fromEnv(System.getenv());
            asyncConfig = AsyncConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("gateway: " + e.getMessage());
            System.exit(1);
            return;
        }
        var auth = config.basicAuth() ? Optional.of(BasicAuthFilter.fromSecrets(config.secretMountPath()))
                : Optional.<BasicAuthFilter>empty();
        var docker = DockerConnection.fromEnvironment();
        var provider = new SwarmProvider(docker, new SwarmSettings(config.functionsNetwork(), config.namespace(),
                config.functionHealthInterval()));
        provider.start();
        // No Nagle on either side: a request's headers and body, or a streamed answer's chunks, go out as
        // separate small writes, and Nagle held each second one for the peer's delayed ACK (~40 ms a call).
        var upstream = WebClient.builder()
                .socketOptions(options -> options.tcpNoDelay(true))
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(config.upstreamTimeout())
                .followRedirects(false)
                .sendExpectContinue(false)
                .build();
        ProxySettings proxySettings;
        FrontSettings front;
        try {
            proxySettings = ProxySettings.fromEnv(System.getenv(), config);
            front = FrontSettings.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("gateway: " + e.getMessage());
            System.exit(1);
            return;
        }
        // The proxy sees only replicas that answered /_/ready, and none of a function at (or going to) zero.
        var ready = new ReadyReplicas(provider);
        var proxy = new Proxy(ready, new RoundRobin(), upstream, proxySettings);
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var invocations = new InvocationMetrics(registry, config.namespace());
        var serviceCounts = new ServiceCounts(registry, provider::list, invocations).start();
        var loads = new LoadTracker(scaling.stableWindow()).start();
        var autoscaler = new Autoscaler(provider, replicaControl(docker, config), loads, ready, scaling,
                new ScalingMetrics(registry, config.namespace())).start();
        var wakeGate = new WakeGate(autoscaler, ready, loads, scaling.wakeTimeout());
        var scaled = new ScaledProvider(provider, autoscaler);
        var queue = asyncConfig.map(JetStreamQueue::connect);
        var statuses = queue.map(CallStatuses::new);
        var publisher = queue.map(q -> new AsyncPublisher(q, new FunctionCatalog(provider::get), statuses.get(),
                registry, config.namespace()));
        var deadLetters = queue.map(q -> new DeadLetters(q, statuses.get()));
        var server = WebServer.builder()
                // Behind the front, the Helidon server answers only the front, on 127.0.0.1.
                .host(front.enabled() ? "127.0.0.1" : "0.0.0.0")
                .port(front.enabled() ? front.internalPort() : config.port())
                .connectionOptions(options -> options.tcpNoDelay(true))
                // The Host header is matched against a regular expression on every request by default; nothing
                // here routes by it (X-Forwarded-Host passes it on as it came).
                .addProtocol(Http1Config.builder().validateRequestHostHeader(false).build())
                .routing(routing -> {
                    routing(routing, config, scaled, proxy, auth, info(), invocations, wakeGate);
                    publisher.ifPresent(p -> AsyncRoutes.register(routing, p, statuses.get(), deadLetters.get(),
                            config.namespace()));
                })
                .putSocket(METRICS_SOCKET, socket -> socket.port(config.metricsPort())
                        .routing(routing -> metricsRouting(routing, registry)))
                .build()
                .start();
        var frontServer = front.enabled() ? startFront(config, front, server.port(), proxy, wakeGate, invocations,
                publisher.map(AsyncCalls::new).orElse(null)) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (frontServer != null) {
                frontServer.close();
            }
            server.stop();
            autoscaler.close();
            loads.close();
            ready.close();
            proxy.close();
            serviceCounts.close();
            queue.ifPresent(JetStreamQueue::close);
            provider.close();
        }));
        int port = frontServer != null ? frontServer.port() : server.port();
        LOG.info(() -> "gateway listening on port " + port + (frontServer != null ? " (event-loop front, "
                + (FrontServer.nativeTransport() ? "epoll" : "nio") + "; API server on 127.0.0.1:" + server.port()
                + ")" : "") + ", metrics on port "
                + server.port(METRICS_SOCKET) + " (functions network "
                + config.functionsNetwork() + ", basic auth " + (auth.isPresent() ? "on" : "off") + ") after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    /**
     * The event-loop front on the gateway's port: function calls forwarded on the loops, everything else
     * relayed to the Helidon server on 127.0.0.1.
     */
    private static FrontServer startFront(GatewayConfig config, FrontSettings front, int internalPort, Proxy proxy,
                                          WakeGate wakeGate, InvocationMetrics invocations, AsyncCalls asyncCalls) {
        var routes = new FrontRoutes(proxy, wakeGate, invocations, config.namespace(),
                new java.net.InetSocketAddress("127.0.0.1", internalPort), asyncCalls);
        try {
            return FrontServer.start("0.0.0.0", config.port(), front.threads(), routes, CONNECT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding port " + config.port(), e);
        }
    }

    /** The gateway's routes without the autoscaler: calls are neither counted for it nor woken from zero. */
    public static void routing(HttpRouting.Builder routing, GatewayConfig config, FunctionProvider provider,
                               Proxy proxy, Optional<BasicAuthFilter> auth, GatewayInfo info,
                               InvocationMetrics invocations) {
        routing(routing, config, provider, proxy, auth, info, invocations, WakeGate.open());
    }

    /** The gateway's routes, used by {@code main} and by tests alike. */
    public static void routing(HttpRouting.Builder routing, GatewayConfig config, FunctionProvider provider,
                               Proxy proxy, Optional<BasicAuthFilter> auth, GatewayInfo info,
                               InvocationMetrics invocations, WakeGate wakeGate) {
        var validator = new DeploymentValidator(config.namespace());
        routing.addFilter(invocations.systemCalls());
        auth.ifPresent(routing::addFilter);
        routing.get("/healthz", (req, res) -> res.send("OK"))
                .register("/system", new FunctionsService(provider, validator, invocations, config.systemBodyLimit()))
                .register("/system", new SecretsService(provider, validator, config.namespace(),
                        config.systemBodyLimit()))
                .register("/system", new LogsService(provider, validator, config.writeTimeout()))
                .register("/system", new SystemService(info, config.namespace()))
                .register("/function", new InvokeService(proxy, validator, invocations, wakeGate));
        ErrorResponses.register(routing);
    }

    /** The metrics listener's routes: {@code GET /metrics} and {@code GET /healthz}, no auth. */
    public static void metricsRouting(HttpRouting.Builder routing, PrometheusMeterRegistry registry) {
        routing.register("/", new MetricsService(registry));
    }

    /**
     * Warm zero and cpu scaling act through the node agents, which take the admin password as their token;
     * without that secret they fail (warm zero then falls back to cold, with a log line), while the rest of
     * ReplicaControl (which functions are this platform's, replica start events) still works.
     */
    private static Optional<ReplicaControl> replicaControl(DockerConnection docker, GatewayConfig config) {
        var tokenFile = config.secretMountPath().resolve("basic-auth-password");
        String token = "";
        try {
            token = java.nio.file.Files.readString(tokenFile).strip();
        } catch (java.io.IOException e) {
            LOG.warning("no " + tokenFile + " (" + e.getMessage() + "): warm zero and cpu scaling are off");
        }
        return Optional.of(new SwarmReplicaControl(docker, config.functionsNetwork(), token));
    }

    private static GatewayInfo info() {
        var release = Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
        var sha = Optional.ofNullable(System.getenv("SKIFF_GIT_SHA")).filter(s -> !s.isBlank()).orElse("unknown");
        var version = new GatewayInfo.Version(null, sha, release);
        return new GatewayInfo(new GatewayInfo.Provider("skiff-swarm", "swarm", version), version,
                System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
    }
}

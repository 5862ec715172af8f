package dev.skiff.gateway;

import dev.skiff.api.GatewayInfo;
import dev.skiff.gateway.api.ErrorResponses;
import dev.skiff.gateway.api.FunctionsService;
import dev.skiff.gateway.api.InvokeService;
import dev.skiff.gateway.api.SystemService;
import dev.skiff.gateway.auth.BasicAuthFilter;
import dev.skiff.gateway.config.GatewayConfig;
import dev.skiff.gateway.metrics.InvocationCounter;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.provider.swarm.DockerConnection;
import dev.skiff.gateway.provider.swarm.SwarmProvider;
import dev.skiff.gateway.provider.swarm.SwarmSettings;
import dev.skiff.gateway.proxy.Proxy;
import dev.skiff.gateway.proxy.RoundRobin;
import io.helidon.logging.common.LogConfig;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/** Reads the config, connects to Docker, builds the provider, proxy and services, and serves. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        long started = System.nanoTime();
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("gateway: " + e.getMessage());
            System.exit(1);
            return;
        }
        var auth = config.basicAuth() ? Optional.of(BasicAuthFilter.fromSecrets(config.secretMountPath()))
                : Optional.<BasicAuthFilter>empty();
        var docker = DockerConnection.fromEnvironment();
        var provider = new SwarmProvider(docker, new SwarmSettings(config.functionsNetwork(), config.namespace()));
        provider.start();
        var upstream = WebClient.builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(config.upstreamTimeout())
                .followRedirects(false)
                .sendExpectContinue(false)
                .build();
        var proxy = new Proxy(provider, new RoundRobin(), upstream);
        var server = WebServer.builder()
                .port(config.port())
                .routing(routing -> routing(routing, config, provider, proxy, auth, info()))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            provider.close();
        }));
        LOG.info(() -> "gateway listening on port " + server.port() + " (functions network "
                + config.functionsNetwork() + ", basic auth " + (auth.isPresent() ? "on" : "off") + ") after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    /** The gateway's routes, used by {@code main} and by tests alike. */
    public static void routing(HttpRouting.Builder routing, GatewayConfig config, FunctionProvider provider,
                               Proxy proxy, Optional<BasicAuthFilter> auth, GatewayInfo info) {
        var validator = new DeploymentValidator(config.namespace());
        var invocations = new InvocationCounter();
        auth.ifPresent(routing::addFilter);
        routing.get("/healthz", (req, res) -> res.send("OK"))
                .register("/system", new FunctionsService(provider, validator, invocations))
                .register("/system", new SystemService(info, config.namespace()))
                .register("/function", new InvokeService(proxy, validator, invocations));
        ErrorResponses.register(routing);
    }

    private static GatewayInfo info() {
        var release = Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
        var sha = Optional.ofNullable(System.getenv("SKIFF_GIT_SHA")).filter(s -> !s.isBlank()).orElse("unknown");
        var version = new GatewayInfo.Version(null, sha, release);
        return new GatewayInfo(new GatewayInfo.Provider("skiff-swarm", "swarm", version), version,
                System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
    }
}

package dev.skiff.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the gateway reads from its environment, with OpenFaaS's names where OpenFaaS has one.
 *
 * @param port             HTTP port of the API and the function routes ({@code port}, 8080)
 * @param metricsPort      HTTP port of {@code /metrics} and {@code /healthz}, no auth ({@code metrics_port}, 8082)
 * @param basicAuth        protect {@code /system/*} with basic auth ({@code basic_auth}, true)
 * @param secretMountPath  folder of the {@code basic-auth-user} and {@code basic-auth-password} files
 * @param functionsNetwork overlay network functions attach to ({@code functions_network})
 * @param namespace        the one namespace served ({@code function_namespace}, openfaas-fn)
 * @param upstreamTimeout  longest a function call may take ({@code upstream_timeout}, 60s)
 * @param writeTimeout     longest a response may take to write ({@code write_timeout}, 60s)
 * @param replicaWait      how long a call waits for a replica that is starting ({@code replica_wait}, 3s)
 * @param functionHealthInterval how often swarm checks each replica's {@code /_/health}
 *                         ({@code function_health_interval}, 1s)
 * @param systemBodyLimit  largest request body accepted on {@code /system/*}, in bytes; larger ones get 413
 *                         ({@code system_body_limit}, 1048576)
 */
public record GatewayConfig(
        int port,
        int metricsPort,
        boolean basicAuth,
        Path secretMountPath,
        String functionsNetwork,
        String namespace,
        Duration upstreamTimeout,
        Duration writeTimeout,
        Duration replicaWait,
        Duration functionHealthInterval,
        long systemBodyLimit) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_METRICS_PORT = 8082;
    public static final String DEFAULT_SECRET_MOUNT_PATH = "/run/secrets/";
    public static final String DEFAULT_FUNCTIONS_NETWORK = "func_functions";
    public static final String DEFAULT_NAMESPACE = "openfaas-fn";
    public static final String DEFAULT_TIMEOUT = "60s";
    // Covers a replica that swarm reports running before its watchdog listens (~0.2-0.5 s here) and a
    // task still being scheduled (~0.7 s), without holding calls to a broken function for long.
    public static final String DEFAULT_REPLICA_WAIT = "3s";
    // A new replica serves after its first passing check, so this bounds deploy-to-first-call from below;
    // each check execs busybox wget in the container (measured here: dockerd ~4% of a core per replica
    // at 1s, ~22% at 250ms).
    public static final String DEFAULT_FUNCTION_HEALTH_INTERVAL = "1s";
    // Deployments, secrets and scale requests are small; a secret holds at most 500 KB, base64 in JSON.
    public static final long DEFAULT_SYSTEM_BODY_LIMIT = 1024 * 1024;

    /** Reads the settings; a bad value throws, naming the variable. */
    public static GatewayConfig fromEnv(Map<String, String> env) {
        int port = port("port", env.getOrDefault("port", String.valueOf(DEFAULT_PORT)));
        int metricsPort = port("metrics_port", env.getOrDefault("metrics_port", String.valueOf(DEFAULT_METRICS_PORT)));
        if (port == metricsPort && port != 0) {
            throw new IllegalArgumentException("metrics_port=" + metricsPort + " is also port: give the metrics "
                    + "listener a port of its own");
        }
        return new GatewayConfig(
                port,
                metricsPort,
                !"false".equals(env.getOrDefault("basic_auth", "true")),
                Path.of(env.getOrDefault("secret_mount_path", DEFAULT_SECRET_MOUNT_PATH)),
                env.getOrDefault("functions_network", DEFAULT_FUNCTIONS_NETWORK),
                env.getOrDefault("function_namespace", DEFAULT_NAMESPACE),
                Durations.parse("upstream_timeout", env.getOrDefault("upstream_timeout", DEFAULT_TIMEOUT)),
                Durations.parse("write_timeout", env.getOrDefault("write_timeout", DEFAULT_TIMEOUT)),
                Durations.parse("replica_wait", env.getOrDefault("replica_wait", DEFAULT_REPLICA_WAIT)),
                positive("function_health_interval", Durations.parse("function_health_interval",
                        env.getOrDefault("function_health_interval", DEFAULT_FUNCTION_HEALTH_INTERVAL))),
                bytes("system_body_limit", env.getOrDefault("system_body_limit",
                        String.valueOf(DEFAULT_SYSTEM_BODY_LIMIT))));
    }

    private static Duration positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + "=" + value + " must be more than zero");
        }
        return value;
    }

    private static long bytes(String name, String value) {
        try {
            long bytes = Long.parseLong(value.strip());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a size in bytes (a whole number > 0)");
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a TCP port (0-65535)");
    }
}

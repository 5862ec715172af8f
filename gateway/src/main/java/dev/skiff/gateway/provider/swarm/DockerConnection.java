package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import dev.skiff.api.Json;
import dev.skiff.gateway.provider.NoTlsContext;
import dev.skiff.gateway.provider.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One connection to a Docker engine: the typed docker-java client and the HTTP transport under it (for
 * the few calls whose answers docker-java's model cuts short).
 *
 * @param docker typed client
 * @param http   raw transport, same engine
 */
public record DockerConnection(DockerClient docker, DockerHttpClient http) implements AutoCloseable {
    // Swarm answers service calls in milliseconds; the event stream is re-opened when this passes idle.
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** Connects as the Docker CLI would: {@code DOCKER_HOST} (unix or tcp), {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}. */
    public static DockerConnection fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Connects to the engine {@code env} names, as the Docker CLI reads it: {@code DOCKER_HOST} (default
     * {@code unix:///var/run/docker.sock}; {@code tcp://host:port} too), and with {@code DOCKER_TLS_VERIFY}
     * set to anything but empty or 0, TLS with the client certificate, key and CA in {@code DOCKER_CERT_PATH}
     * ({@code cert.pem}, {@code key.pem}, {@code ca.pem}; default {@code ~/.docker}).
     */
    public static DockerConnection fromEnvironment(Map<String, String> env) {
        var host = env.getOrDefault("DOCKER_HOST", "");
        boolean tls = !env.getOrDefault("DOCKER_TLS_VERIFY", "").isBlank() && !"0".equals(env.get("DOCKER_TLS_VERIFY"));
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.isBlank() ? DEFAULT_HOST : host)
                .withDockerTlsVerify(tls);
        if (tls) {
            builder.withDockerCertPath(env.getOrDefault("DOCKER_CERT_PATH",
                    System.getProperty("user.home") + "/.docker"));
        }
        var config = builder.build();
        // Without TLS, the transport would still build the JDK's default TLS context (see NoTlsContext).
        SSLConfig ssl = tls ? config.getSSLConfig() : NoTlsContext::get;
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(ssl)
                .maxConnections(32)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        return new DockerConnection(DockerClientImpl.getInstance(config, http), http);
    }

    /**
     * GETs {@code path} (with its query) from the engine's API and reads the JSON answer into {@code type}:
     * for lists that docker-java reads into its whole model, or cuts short.
     *
     * @param what what is listed, for the error ("swarm tasks")
     * @throws ProviderException when Docker answers anything but 200, or cannot be read
     */
    <T> T getJson(String path, TypeReference<T> type, String what) {
        var request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
        try (var response = http.execute(request)) {
            if (response.getStatusCode() != 200) {
                throw new ProviderException("Docker answered " + response.getStatusCode() + " to GET "
                        + path.split("\\?", 2)[0] + ": "
                        + new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8), null);
            }
            return Json.mapper().readValue(response.getBody(), type);
        } catch (IOException e) {
            throw new ProviderException("cannot list " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The swarm services that are functions (labelled {@link Labels#FUNCTION}). Docker filters by the label (an
     * empty value: any value), so a shared swarm's other services are not read into docker-java's model: the
     * provider's list and the autoscaler ask every second.
     */
    List<Service> functionServices() {
        return docker.listServicesCmd().withLabelFilter(Map.of(Labels.FUNCTION, "")).exec().stream()
                .filter(s -> s.getSpec().getLabels() != null && s.getSpec().getLabels().containsKey(Labels.FUNCTION))
                .toList();
    }

    @Override
    public void close() throws IOException {
        docker.close();
        http.close();
    }
}

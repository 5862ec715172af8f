package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skiff.gateway.provider.InvalidDeploymentException;
import dev.skiff.gateway.provider.ProviderException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Replaces a service's spec. docker-java's update command cannot send registry credentials, so an update
 * that carries some goes to Docker's HTTP API directly, with the {@code X-Registry-Auth} header the Docker
 * CLI sends; without new credentials swarm keeps the ones the service has.
 */
final class ServiceUpdates {
    private final DockerConnection connection;

    ServiceUpdates(DockerConnection connection) {
        this.connection = connection;
    }

    void update(Service service, ServiceSpec spec, Optional<AuthConfig> auth) {
        if (auth.isEmpty()) {
            try {
                connection.docker().updateServiceCmd(service.getId(), spec)
                        .withVersion(service.getVersion().getIndex()).exec();
            } catch (com.github.dockerjava.api.exception.BadRequestException e) {
                throw new InvalidDeploymentException("Deployment error: " + DockerMessages.of(e));
            } catch (DockerException e) {
                throw new ProviderException("update of " + spec.getName() + " failed: " + DockerMessages.of(e), e);
            }
            return;
        }
        var mapper = DockerClientConfig.getDefaultObjectMapper();
        byte[] body;
        String header;
        try {
            body = mapper.writeValueAsBytes(spec);
            header = Base64.getUrlEncoder().encodeToString(mapper.writeValueAsBytes(auth.get()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a service spec", e);
        }
        var request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/services/" + service.getId() + "/update?version=" + service.getVersion().getIndex())
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Registry-Auth", header)
                .body(new ByteArrayInputStream(body))
                .build();
        try (var response = connection.http().execute(request)) {
            var answer = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (response.getStatusCode() == 400) {
                throw new InvalidDeploymentException("Deployment error: " + answer);
            }
            if (response.getStatusCode() / 100 != 2) {
                throw new ProviderException("update of " + spec.getName() + " failed: Docker answered "
                        + response.getStatusCode() + ": " + answer, null);
            }
        } catch (IOException e) {
            throw new ProviderException("update of " + spec.getName() + " failed: " + e.getMessage(), e);
        }
    }
}

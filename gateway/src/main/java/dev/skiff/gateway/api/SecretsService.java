package dev.skiff.gateway.api;

import dev.skiff.api.Secret;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.SecretStore;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Secrets, under {@code /system}; values go in and never come out:
 *
 * <pre>
 * curl -u admin:$PW 127.0.0.1:8080/system/secrets
 * curl -u admin:$PW 127.0.0.1:8080/system/secrets -d '{"name":"api-key","value":"s3cret"}'
 * curl -u admin:$PW 127.0.0.1:8080/system/secrets -X PUT -d '{"name":"api-key","rawValue":"czNjcmV0Mg=="}'
 * curl -u admin:$PW 127.0.0.1:8080/system/secrets -X DELETE -d '{"name":"api-key"}'
 * </pre>
 */
public final class SecretsService implements HttpService {
    private final SecretStore secrets;
    private final DeploymentValidator validator;
    private final String namespace;
    private final JsonBodies bodies;

    /** @param bodyLimit largest request body accepted, in bytes ({@code system_body_limit}) */
    public SecretsService(SecretStore secrets, DeploymentValidator validator, String namespace, long bodyLimit) {
        this.secrets = secrets;
        this.validator = validator;
        this.namespace = namespace;
        this.bodies = new JsonBodies(bodyLimit);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/secrets", this::list)
                .post("/secrets", this::create)
                .put("/secrets", this::update)
                .delete("/secrets", this::remove);
    }

    private void list(ServerRequest request, ServerResponse response) {
        validator.checkNamespace(request.query().first("namespace").orElse(null));
        JsonBodies.write(response, secrets.secretNames().stream().map(name -> Secret.named(name, namespace)).toList());
    }

    private void create(ServerRequest request, ServerResponse response) {
        var secret = body(request);
        secrets.createSecret(secret.name(), secret.bytes());
        response.status(Status.CREATED_201).send();
    }

    private void update(ServerRequest request, ServerResponse response) {
        var secret = body(request);
        secrets.updateSecret(secret.name(), secret.bytes());
        response.status(Status.OK_200).send();
    }

    private void remove(ServerRequest request, ServerResponse response) {
        var secret = body(request);
        secrets.removeSecret(secret.name());
        response.status(Status.OK_200).send();
    }

    private Secret body(ServerRequest request) {
        var secret = bodies.read(request, Secret.class);
        if (secret.name() == null || secret.name().isBlank()) {
            throw new BadRequestException("name is required: send {\"name\":\"NAME\",\"value\":\"...\"}");
        }
        validator.checkNamespace(secret.namespace());
        return secret;
    }
}

package dev.skiff.gateway.api;

import dev.skiff.api.DeleteFunctionRequest;
import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ScaleServiceRequest;
import dev.skiff.gateway.metrics.InvocationMetrics;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionProvider;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Function management, under {@code /system}:
 *
 * <pre>
 * curl -u admin:$PW 127.0.0.1:8080/system/functions
 * curl -u admin:$PW 127.0.0.1:8080/system/functions -d '{"service":"echo","image":"skiff/watchdog:0.1.0","envProcess":"cat"}'
 * curl -u admin:$PW 127.0.0.1:8080/system/functions -X PUT -d '{"service":"echo","image":"skiff/watchdog:0.1.0"}'
 * curl -u admin:$PW 127.0.0.1:8080/system/functions -X DELETE -d '{"functionName":"echo"}'
 * curl -u admin:$PW 127.0.0.1:8080/system/function/echo
 * curl -u admin:$PW 127.0.0.1:8080/system/scale-function/echo -d '{"serviceName":"echo","replicas":2}'
 * </pre>
 */
public final class FunctionsService implements HttpService {
    private final FunctionProvider provider;
    private final DeploymentValidator validator;
    private final InvocationMetrics invocations;
    private final JsonBodies bodies;

    /** @param bodyLimit largest request body accepted, in bytes ({@code system_body_limit}) */
    public FunctionsService(FunctionProvider provider, DeploymentValidator validator, InvocationMetrics invocations,
                            long bodyLimit) {
        this.provider = provider;
        this.validator = validator;
        this.invocations = invocations;
        this.bodies = new JsonBodies(bodyLimit);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/functions", this::list)
                .post("/functions", this::deploy)
                .put("/functions", this::update)
                .delete("/functions", this::remove)
                .get("/function/{name}", this::get)
                .post("/scale-function/{name}", this::scale);
    }

    private void list(ServerRequest request, ServerResponse response) {
        validator.checkNamespace(request.query().first("namespace").orElse(null));
        JsonBodies.write(response, provider.list().stream().map(this::withCount).toList());
    }

    private void deploy(ServerRequest request, ServerResponse response) {
        provider.deploy(bodies.read(request, FunctionDeployment.class));
        response.status(Status.ACCEPTED_202).send();
    }

    private void update(ServerRequest request, ServerResponse response) {
        provider.update(bodies.read(request, FunctionDeployment.class));
        response.status(Status.ACCEPTED_202).send();
    }

    private void remove(ServerRequest request, ServerResponse response) {
        var body = bodies.read(request, DeleteFunctionRequest.class);
        if (body.functionName() == null || body.functionName().isBlank()) {
            throw new BadRequestException("functionName is required: send {\"functionName\":\"NAME\"}");
        }
        validator.checkNamespace(body.namespace());
        provider.remove(body.functionName());
        response.status(Status.ACCEPTED_202).send();
    }

    private void get(ServerRequest request, ServerResponse response) {
        var name = FunctionNames.parse(request.path().pathParameters().get("name"));
        validator.checkNamespace(request.query().first("namespace").orElse(name.namespace()));
        JsonBodies.write(response, withCount(provider.get(name.function())));
    }

    private void scale(ServerRequest request, ServerResponse response) {
        var name = FunctionNames.parse(request.path().pathParameters().get("name"));
        var body = bodies.read(request, ScaleServiceRequest.class);
        if (body.replicas() < 0) {
            throw new BadRequestException("replicas must be 0 or more, not " + body.replicas());
        }
        validator.checkNamespace(request.query().first("namespace").orElse(body.namespace()));
        provider.scale(name.function(), body.replicas());
        response.status(Status.ACCEPTED_202).send();
    }

    private FunctionStatus withCount(FunctionStatus status) {
        return status.withInvocationCount(invocations.invocationCount(status.name(), status.namespace()));
    }
}

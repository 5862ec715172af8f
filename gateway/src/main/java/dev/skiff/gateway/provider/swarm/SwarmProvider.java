package dev.skiff.gateway.provider.swarm;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionStatus;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.provider.InvalidDeploymentException;
import dev.skiff.gateway.provider.ProviderException;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Functions as swarm services. Thread-safe. */
public final class SwarmProvider implements FunctionProvider, AutoCloseable {
    private final DockerConnection connection;
    private final SwarmSettings settings;
    private final DeploymentValidator validator;
    private final ServiceSpecs specs;
    private final SwarmTasks tasks;
    private final ReplicaCache replicas;

    public SwarmProvider(DockerConnection connection, SwarmSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.validator = new DeploymentValidator(settings.namespace());
        this.specs = new ServiceSpecs(settings.functionsNetwork());
        this.tasks = new SwarmTasks(connection.http());
        this.replicas = new ReplicaCache(connection, tasks, settings.functionsNetwork());
    }

    /** Checks that the functions network exists and starts the replica cache. */
    public void start() {
        var networks = connection.docker().listNetworksCmd().withNameFilter(settings.functionsNetwork()).exec();
        if (networks.stream().noneMatch(n -> n.getName().equals(settings.functionsNetwork()))) {
            throw new IllegalStateException("network " + settings.functionsNetwork() + " does not exist: create it "
                    + "(docker network create -d overlay --attachable " + settings.functionsNetwork()
                    + ") or set functions_network");
        }
        replicas.start();
    }

    @Override
    public void deploy(FunctionDeployment deployment) {
        validator.validate(deployment);
        if (find(deployment.service()).isPresent()) {
            throw new InvalidDeploymentException("Deployment error: function " + deployment.service()
                    + " already exists; update it with PUT /system/functions (faas-cli deploy does)");
        }
        var spec = specs.build(deployment, secretIds(deployment.secrets()), Labels.minReplicas(deployment.labels()));
        try {
            connection.docker().createServiceCmd(spec).exec();
        } catch (ConflictException e) {
            throw new InvalidDeploymentException("Deployment error: " + dockerMessage(e));
        } catch (com.github.dockerjava.api.exception.BadRequestException e) {
            throw new InvalidDeploymentException("Deployment error: " + dockerMessage(e));
        } catch (DockerException e) {
            throw new ProviderException("Deployment error: " + dockerMessage(e), e);
        }
        replicas.invalidate();
    }

    @Override
    public void update(FunctionDeployment deployment) {
        validator.validate(deployment);
        var service = require(deployment.service());
        var spec = specs.build(deployment, secretIds(deployment.secrets()), Labels.minReplicas(deployment.labels()));
        try {
            connection.docker().updateServiceCmd(service.getId(), spec)
                    .withVersion(service.getVersion().getIndex()).exec();
        } catch (com.github.dockerjava.api.exception.BadRequestException e) {
            throw new InvalidDeploymentException("Deployment error: " + dockerMessage(e));
        } catch (DockerException e) {
            throw new ProviderException("update of " + deployment.service() + " failed: " + dockerMessage(e), e);
        }
        replicas.invalidate();
    }

    @Override
    public void remove(String name) {
        var service = require(name);
        try {
            connection.docker().removeServiceCmd(service.getId()).exec();
        } catch (NotFoundException e) {
            throw new FunctionNotFoundException(name);
        }
        replicas.invalidate();
    }

    @Override
    public List<FunctionStatus> list() {
        var functions = functionServices();
        var running = tasks.desiredRunning();
        return functions.stream()
                .map(service -> status(service, running, Optional.empty()))
                .sorted(Comparator.comparing(FunctionStatus::name))
                .toList();
    }

    @Override
    public FunctionStatus get(String name) {
        var service = require(name);
        var serviceTasks = tasks.ofService(service.getSpec().getName());
        return status(service, serviceTasks, failureReason(serviceTasks, uidOf(service)));
    }

    @Override
    public void scale(String name, long count) {
        var service = require(name);
        var spec = service.getSpec();
        spec.getMode().withReplicated(new ServiceReplicatedModeOptions().withReplicas((int) count));
        try {
            connection.docker().updateServiceCmd(service.getId(), spec)
                    .withVersion(service.getVersion().getIndex()).exec();
        } catch (DockerException e) {
            throw new ProviderException("scaling " + name + " failed: " + dockerMessage(e), e);
        }
        replicas.invalidate();
    }

    @Override
    public List<InetSocketAddress> endpoints(String name) {
        return replicas.endpoints(name);
    }

    @Override
    public void reportUnreachable(String name, InetSocketAddress replica) {
        replicas.invalidate();
    }

    @Override
    public void close() {
        replicas.close();
    }

    private FunctionStatus status(Service service, List<SwarmTask> taskList, Optional<String> reason) {
        var spec = service.getSpec();
        var name = spec.getName();
        var labels = spec.getLabels() == null ? Map.<String, String>of() : spec.getLabels();
        var stored = ServiceSpecs.readStored(labels);
        var uid = uidOf(service);
        long available = taskList.stream()
                .filter(t -> service.getId().equals(t.serviceId()) && t.isRunning() && uid.equals(t.uid()))
                .count();
        long desired = spec.getMode() == null || spec.getMode().getReplicated() == null
                ? 0 : spec.getMode().getReplicated().getReplicas();
        var image = spec.getTaskTemplate().getContainerSpec().getImage().replaceFirst("@sha256:[0-9a-f]+$", "");
        return new FunctionStatus(
                name, image, settings.namespace(),
                stored == null ? null : stored.envProcess(),
                stored == null ? null : stored.envVars(),
                stored == null ? null : stored.constraints(),
                stored == null ? null : stored.secrets(),
                Labels.userLabels(name, labels),
                Labels.annotations(labels),
                stored == null ? null : emptyToNull(stored.limits()),
                stored == null ? null : emptyToNull(stored.requests()),
                stored != null && stored.readOnlyRootFilesystem(),
                0, desired, available,
                service.getCreatedAt() == null ? null : service.getCreatedAt().toInstant(),
                available < desired ? reason.orElse(null) : null);
    }

    private static dev.skiff.api.FunctionResources emptyToNull(dev.skiff.api.FunctionResources resources) {
        return resources == null || resources.isEmpty() ? null : resources;
    }

    /** Why the current spec's replicas are not running, from the newest task that failed. */
    private static Optional<String> failureReason(List<SwarmTask> serviceTasks, String uid) {
        return serviceTasks.stream()
                .filter(t -> uid.equals(t.uid()) && t.failed())
                .max(Comparator.comparing(t -> t.status().timestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(t -> "replica " + t.status().state() + ": " + t.status().err());
    }

    private static String uidOf(Service service) {
        var labels = service.getSpec().getTaskTemplate().getContainerSpec().getLabels();
        return labels == null ? "" : labels.getOrDefault(Labels.UID, "");
    }

    private List<Service> functionServices() {
        return connection.docker().listServicesCmd().exec().stream()
                .filter(s -> s.getSpec().getLabels() != null && s.getSpec().getLabels().containsKey(Labels.FUNCTION))
                .toList();
    }

    private Optional<Service> find(String name) {
        return connection.docker().listServicesCmd().withNameFilter(List.of(name)).exec().stream()
                .filter(s -> name.equals(s.getSpec().getName()))
                .filter(s -> s.getSpec().getLabels() != null && s.getSpec().getLabels().containsKey(Labels.FUNCTION))
                .findFirst();
    }

    private Service require(String name) {
        return find(name).orElseThrow(() -> new FunctionNotFoundException(name));
    }

    private Map<String, String> secretIds(List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        var ids = new HashMap<String, String>();
        connection.docker().listSecretsCmd().exec()
                .forEach(secret -> ids.put(secret.getSpec().getName(), secret.getId()));
        for (var name : names) {
            if (!ids.containsKey(name)) {
                throw new InvalidDeploymentException("secret not found: " + name
                        + "; create it first (faas-cli secret create " + name + ")");
            }
        }
        return ids;
    }

    /** Docker's own sentence from a docker-java exception ("Status 409: {"message":"..."}"). */
    private static String dockerMessage(DockerException e) {
        var message = e.getMessage() == null ? e.toString() : e.getMessage();
        int json = message.indexOf('{');
        if (json >= 0) {
            try {
                var text = dev.skiff.api.Json.mapper().readTree(message.substring(json)).path("message").asText("");
                if (!text.isBlank()) {
                    return text;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
                // not Docker's JSON error body: keep the whole message
            }
        }
        return message.strip();
    }
}

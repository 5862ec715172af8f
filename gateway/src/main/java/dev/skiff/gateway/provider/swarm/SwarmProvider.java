package dev.skiff.gateway.provider.swarm;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionResources;
import dev.skiff.api.FunctionStatus;
import dev.skiff.gateway.provider.DeploymentValidator;
import dev.skiff.gateway.provider.FunctionNotFoundException;
import dev.skiff.gateway.provider.FunctionProvider;
import dev.skiff.gateway.provider.InvalidDeploymentException;
import dev.skiff.gateway.provider.LogRequest;
import dev.skiff.gateway.provider.ProviderException;
import dev.skiff.gateway.provider.SecretConflictException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/** Functions as swarm services, secrets as swarm secrets. Thread-safe. */
public final class SwarmProvider implements FunctionProvider, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SwarmProvider.class.getName());
    // Old secret versions stay mounted by replicas that are stopping; try to remove them this often, this long.
    private static final Duration OLD_SECRET_RETRY = Duration.ofSeconds(5);
    private static final int OLD_SECRET_ATTEMPTS = 12;

    private final DockerConnection connection;
    private final SwarmSettings settings;
    private final DeploymentValidator validator;
    private final ServiceSpecs specs;
    private final SwarmTasks tasks;
    private final ReplicaCache replicas;
    private final SwarmSecrets secrets;
    private final SwarmLogs logs;
    private final ServiceUpdates updates;
    // One secret change at a time: versions are numbered by reading the newest one.
    private final ReentrantLock secretLock = new ReentrantLock();
    // Functions scaled to zero, as read just after: name -> service (spec and version) for the wake-up.
    private final Map<String, Service> readAtZero = new java.util.concurrent.ConcurrentHashMap<>();

    public SwarmProvider(DockerConnection connection, SwarmSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.validator = new DeploymentValidator(settings.namespace());
        this.specs = new ServiceSpecs(settings.functionsNetwork(), settings.healthInterval());
        this.tasks = new SwarmTasks(connection);
        this.replicas = new ReplicaCache(connection, tasks, settings.functionsNetwork());
        this.secrets = new SwarmSecrets(connection);
        this.logs = new SwarmLogs(connection, settings.namespace());
        this.updates = new ServiceUpdates(connection);
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
        var auth = RegistryAuth.of(deployment.registryAuth(), deployment.image());
        var spec = specs.build(deployment, mountedSecrets(deployment.secrets()), Labels.minReplicas(deployment.labels()));
        try {
            var create = connection.docker().createServiceCmd(spec);
            auth.ifPresent(create::withAuthConfig);
            create.exec();
        } catch (ConflictException | com.github.dockerjava.api.exception.BadRequestException e) {
            throw new InvalidDeploymentException("Deployment error: " + DockerMessages.of(e));
        } catch (DockerException e) {
            throw new ProviderException("Deployment error: " + DockerMessages.of(e), e);
        }
        replicas.invalidate();
    }

    @Override
    public void update(FunctionDeployment deployment) {
        validator.validate(deployment);
        readAtZero.remove(deployment.service());
        var service = require(deployment.service());
        var auth = RegistryAuth.of(deployment.registryAuth(), deployment.image());
        var spec = specs.build(deployment, mountedSecrets(deployment.secrets()), Labels.minReplicas(deployment.labels()));
        updates.update(service, spec, auth);
        replicas.invalidate();
    }

    @Override
    public void remove(String name) {
        readAtZero.remove(name);
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
        var running = tasks.desiredRunning(functions.stream().map(Service::getId).toList());
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
        // A function at zero was read back right after it got there: a wake-up then makes one Docker call.
        var read = readAtZero.remove(name);
        boolean done = false;
        if (read != null) {
            try {
                setReplicas(read, count);
                done = true;
            } catch (RuntimeException e) {
                // Changed since it was read (an update, another gateway): Docker refused the old version.
            }
        }
        if (!done) {
            setReplicas(require(name), count);
        }
        replicas.invalidate();
        if (count == 0) {
            Thread.ofVirtual().name("read-at-zero").start(() -> {
                try {
                    find(name).ifPresent(service -> readAtZero.put(name, service));
                } catch (RuntimeException e) {
                    // the wake-up reads it then
                }
            });
        }
    }

    private void setReplicas(Service service, long count) {
        var spec = service.getSpec();
        spec.getMode().withReplicated(new ServiceReplicatedModeOptions().withReplicas((int) count));
        updates.update(service, spec, Optional.empty());
    }

    @Override
    public List<InetSocketAddress> endpoints(String name) {
        return replicas.endpoints(name);
    }

    @Override
    public Map<String, String> annotations(String name) {
        return replicas.annotations(name);
    }

    @Override
    public void reportUnreachable(String name, InetSocketAddress replica) {
        replicas.invalidate();
    }

    @Override
    public List<String> secretNames() {
        return List.copyOf(secrets.newest().keySet());
    }

    @Override
    public void createSecret(String name, byte[] value) {
        secretLock.lock();
        try {
            secrets.create(name, value);
        } finally {
            secretLock.unlock();
        }
    }

    /** Stores the value as a new version, rolls every function that mounts the secret onto it, then drops old versions. */
    @Override
    public void updateSecret(String name, byte[] value) {
        secretLock.lock();
        try {
            var version = secrets.createNextVersion(name, value);
            for (var service : functionServices()) {
                var spec = service.getSpec();
                if (ServiceSpecs.remount(spec, version)) {
                    updates.update(service, spec, Optional.empty());
                    LOG.info(() -> "secret " + name + " changed: rolling function " + spec.getName());
                }
            }
        } finally {
            secretLock.unlock();
        }
        replicas.invalidate();
        Thread.ofVirtual().name("secret-versions-" + name).start(() -> removeOldVersions(name));
    }

    @Override
    public void removeSecret(String name) {
        SwarmSecrets.checkName(name);
        secretLock.lock();
        try {
            var users = functionServices().stream()
                    .filter(service -> mountsSecret(service.getSpec(), name))
                    .map(service -> service.getSpec().getName())
                    .sorted()
                    .toList();
            if (!users.isEmpty()) {
                throw new SecretConflictException("secret " + name + " is used by " + String.join(", ", users)
                        + ": remove those functions or deploy them without it first");
            }
            secrets.removeAll(name);
        } finally {
            secretLock.unlock();
        }
    }

    @Override
    public void logs(LogRequest request, LogSink sink, Duration limit) {
        var service = require(request.name());
        logs.stream(service.getId(), request, sink, limit);
    }

    @Override
    public void close() {
        replicas.close();
    }

    private void removeOldVersions(String name) {
        for (int attempt = 0; attempt < OLD_SECRET_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(OLD_SECRET_RETRY);
                secretLock.lock();
                try {
                    secrets.removeUnused(name, mountedSecretIds());
                    boolean onlyNewest = secrets.versions().stream().filter(v -> v.name().equals(name)).count() <= 1;
                    if (onlyNewest) {
                        return;
                    }
                } finally {
                    secretLock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.fine(() -> "old versions of secret " + name + " not removed yet: " + e.getMessage());
            }
        }
    }

    private Set<String> mountedSecretIds() {
        var ids = new HashSet<String>();
        for (var service : connection.docker().listServicesCmd().exec()) {
            var mounted = service.getSpec().getTaskTemplate().getContainerSpec() == null ? null
                    : service.getSpec().getTaskTemplate().getContainerSpec().getSecrets();
            if (mounted != null) {
                mounted.forEach(secret -> ids.add(secret.getSecretId()));
            }
        }
        return ids;
    }

    private static boolean mountsSecret(ServiceSpec spec, String name) {
        var mounted = spec.getTaskTemplate().getContainerSpec().getSecrets();
        return mounted != null && mounted.stream()
                .anyMatch(s -> s.getFile() != null && (ServiceSpecs.SECRETS_PATH + name).equals(s.getFile().getName()));
    }

    private FunctionStatus status(Service service, List<SwarmTask> taskList, Optional<String> reason) {
        var spec = service.getSpec();
        var name = spec.getName();
        var labels = spec.getLabels() == null ? Map.<String, String>of() : spec.getLabels();
        var stored = ServiceSpecs.readStored(labels);
        var uid = uidOf(service);
        // A task is running only once its health check passed (swarm holds it in "starting" until then).
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

    private static FunctionResources emptyToNull(FunctionResources resources) {
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
        return connection.functionServices();
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

    /** The newest version of each secret the deployment names; 400 naming the first that does not exist. */
    private Map<String, SwarmSecrets.Version> mountedSecrets(List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        var newest = secrets.newest();
        for (var name : names) {
            if (!newest.containsKey(name)) {
                throw new InvalidDeploymentException("secret not found: " + name
                        + "; create it first (faas-cli secret create " + name + ")");
            }
        }
        return newest;
    }
}

package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.skiff.api.FunctionDeployment;
import dev.skiff.api.FunctionResources;
import dev.skiff.api.Json;
import dev.skiff.gateway.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a {@link FunctionDeployment} into the swarm service that runs it. */
final class ServiceSpecs {
    static final String SECRETS_PATH = "/var/openfaas/secrets/";
    private static final List<String> DEFAULT_CONSTRAINTS = List.of("node.platform.os == linux");
    private static final long RESTART_ATTEMPTS = 5;
    private static final long RESTART_DELAY_NANOS = 5_000_000_000L;
    private static final long SECRET_FILE_MODE = 0444;

    /** The autoscaler's zero-mode annotation (scaling.ScalingRules.ZERO_MODE). */
    static final String WARM_ZERO_ANNOTATION = "dev.skiff.scale.zero-mode";
    // The watchdog's /_/health. `timeout` rather than `wget -T`, which crashes busybox here; 127.0.0.1
    // because the container's own name may not resolve yet. Images built from our templates carry
    // busybox in /app (copied with the watchdog) but may have no wget of their own (Debian minbase);
    // other watchdog images (OpenFaaS's) have wget; an image with neither is judged by the watchdog's
    // lock file, as OpenFaaS's own HEALTHCHECKs do.
    static final List<String> HEALTH_TEST = List.of("CMD-SHELL",
            "if [ -x /app/busybox ]; then /app/busybox timeout 2 /app/busybox wget -q -O /dev/null "
                    + "http://127.0.0.1:8080/_/health; elif command -v wget >/dev/null; then timeout 2 wget -q "
                    + "-O /dev/null http://127.0.0.1:8080/_/health; else [ -e /tmp/.lock ]; fi || exit 1");
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);
    private static final int HEALTH_RETRIES = 3;
    // A JVM that starts slowly is not failed during this; a healthy answer counts at once. It also
    // delays the rollback of an update whose replicas never get healthy (this + retries x interval).
    private static final Duration HEALTH_START_PERIOD = Duration.ofSeconds(10);
    /**
     * How long a watchdog keeps serving after SIGTERM with health at 503 ({@code healthcheck_interval}), set
     * when the user did not: the gateway drops a stopping replica within a second (Docker events, and a
     * poll), so the watchdog's default of write_timeout (30 s) would only keep old tasks around.
     */
    static final Duration SHUTDOWN_NOTICE = Duration.ofSeconds(2);
    private static final Duration WATCHDOG_WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    private final String network;
    private final Duration healthInterval;

    ServiceSpecs(String network, Duration healthInterval) {
        this.network = network;
        this.healthInterval = healthInterval;
    }

    /**
     * The service spec of a deployment.
     *
     * @param deployment what the user asked for
     * @param secrets    the swarm secret (newest version) of each name in {@code deployment.secrets()}
     * @param replicas   desired replica count
     */
    ServiceSpec build(FunctionDeployment deployment, Map<String, SwarmSecrets.Version> secrets, long replicas) {
        var name = deployment.service();
        var serviceLabels = Labels.serviceLabels(name, deployment.labels(), deployment.annotations(),
                stored(deployment));
        var containerLabels = new TreeMap<>(serviceLabels);
        // A new uid on every deploy and update: swarm then always replaces the tasks, and the uid tells
        // the tasks of the current spec from the ones being replaced.
        containerLabels.put(Labels.UID, newUid());

        var container = new ContainerSpec()
                .withImage(deployment.image())
                .withEnv(environment(deployment))
                .withLabels(containerLabels)
                .withSecrets(secrets(deployment.secrets(), secrets))
                .withReadOnly(deployment.readOnlyRootFilesystem())
                // Swarm keeps a task "starting" until this passes, and fails it when it stops passing:
                // a running task is a healthy one, and an update whose new tasks never get healthy rolls back.
                .withHealthCheck(new HealthCheck()
                        .withTest(HEALTH_TEST)
                        .withInterval(healthInterval.toNanos())
                        .withTimeout(HEALTH_TIMEOUT.toNanos())
                        .withRetries(HEALTH_RETRIES)
                        .withStartPeriod(HEALTH_START_PERIOD.toNanos()))
                .withStopGracePeriod(stopGracePeriod(deployment.envVars()).toNanos());
        if ("warm".equalsIgnoreCase(deployment.annotations().getOrDefault(WARM_ZERO_ANNOTATION, "").strip())) {
            // Warm zero pauses the last replica, and a paused container fails every probe, so swarm would
            // replace it; the gateway sends calls only to replicas that answered /_/ready anyway.
            container.withHealthCheck(new HealthCheck().withTest(List.of("NONE")));
        }
        if (deployment.readOnlyRootFilesystem()) {
            container.withMounts(List.of(new Mount().withType(MountType.TMPFS).withTarget("/tmp")));
        }
        var task = new TaskSpec()
                .withContainerSpec(container)
                .withRestartPolicy(new ServiceRestartPolicy()
                        .withCondition(ServiceRestartCondition.ANY)
                        .withMaxAttempts(RESTART_ATTEMPTS)
                        .withDelay(RESTART_DELAY_NANOS))
                .withPlacement(new ServicePlacement().withConstraints(
                        deployment.constraints().isEmpty() ? DEFAULT_CONSTRAINTS : deployment.constraints()))
                .withResources(resources(deployment.limits(), deployment.requests()))
                .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network)));
        return new ServiceSpec()
                .withName(name)
                .withLabels(serviceLabels)
                .withTaskTemplate(task)
                .withMode(new ServiceModeConfig().withReplicated(
                        new ServiceReplicatedModeOptions().withReplicas((int) replicas)))
                // No IPVS on these kernels: callers reach replicas by their own addresses.
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))
                .withUpdateConfig(new UpdateConfig()
                        .withParallelism(1L)
                        .withOrder(UpdateOrder.START_FIRST)
                        .withFailureAction(UpdateFailureAction.ROLLBACK))
                .withRollbackConfig(new UpdateConfig()
                        .withParallelism(1L)
                        .withOrder(UpdateOrder.START_FIRST)
                        .withFailureAction(UpdateFailureAction.PAUSE));
    }

    static String newUid() {
        return String.valueOf(System.nanoTime());
    }

    /**
     * Time for a replica to stop after SIGTERM before swarm kills it: the watchdog's notice period, then
     * its drain of calls in flight (up to write_timeout), then a margin.
     */
    static Duration stopGracePeriod(Map<String, String> envVars) {
        var notice = duration(envVars, "healthcheck_interval", SHUTDOWN_NOTICE);
        var drain = duration(envVars, "write_timeout", WATCHDOG_WRITE_TIMEOUT);
        return notice.plus(drain).plus(STOP_MARGIN);
    }

    // As the watchdog reads it: an unparsable value means the default.
    private static Duration duration(Map<String, String> envVars, String key, Duration fallback) {
        var value = envVars.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Durations.parse(key, value);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /**
     * Points the spec's mount of {@code version}'s secret at that version and gives the spec a new uid, so
     * that swarm rolls the function's tasks onto it. False if the spec does not mount the secret.
     */
    static boolean remount(ServiceSpec spec, SwarmSecrets.Version version) {
        var container = spec.getTaskTemplate().getContainerSpec();
        if (container.getSecrets() == null) {
            return false;
        }
        boolean mounted = false;
        for (var secret : container.getSecrets()) {
            if (secret.getFile() != null && (SECRETS_PATH + version.name()).equals(secret.getFile().getName())) {
                secret.withSecretId(version.dockerId()).withSecretName(version.dockerName());
                mounted = true;
            }
        }
        if (mounted) {
            var labels = new TreeMap<>(container.getLabels() == null ? Map.<String, String>of() : container.getLabels());
            labels.put(Labels.UID, newUid());
            container.withLabels(labels);
        }
        return mounted;
    }

    /** The user's fields swarm would normalise, kept verbatim to answer with them later. */
    private static String stored(FunctionDeployment deployment) {
        var kept = new FunctionDeployment(deployment.service(), deployment.image(), null, deployment.envProcess(),
                deployment.envVars(), deployment.constraints(), deployment.secrets(), null, null,
                deployment.limits(), deployment.requests(), deployment.readOnlyRootFilesystem());
        try {
            return Json.mapper().writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a deployment", e);
        }
    }

    static FunctionDeployment readStored(Map<String, String> serviceLabels) {
        var json = serviceLabels.get(Labels.DEPLOYMENT);
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, FunctionDeployment.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<String> environment(FunctionDeployment deployment) {
        var env = new ArrayList<String>();
        if (deployment.envProcess() != null && !deployment.envProcess().isBlank()) {
            env.add("fprocess=" + deployment.envProcess());
        }
        if (!deployment.envVars().containsKey("healthcheck_interval")) {
            env.add("healthcheck_interval=" + SHUTDOWN_NOTICE.toSeconds() + "s");
        }
        new TreeMap<>(deployment.envVars()).forEach((key, value) -> env.add(key + "=" + value));
        return env;
    }

    private static List<ContainerSpecSecret> secrets(List<String> names, Map<String, SwarmSecrets.Version> stored) {
        return names.stream()
                .map(name -> new ContainerSpecSecret()
                        .withSecretName(stored.get(name).dockerName())
                        .withSecretId(stored.get(name).dockerId())
                        .withFile(new ContainerSpecFile()
                                .withName(SECRETS_PATH + name).withUid("0").withGid("0").withMode(SECRET_FILE_MODE)))
                .toList();
    }

    private static ResourceRequirements resources(FunctionResources limits, FunctionResources requests) {
        return new ResourceRequirements()
                .withLimits(specs(limits))
                .withReservations(specs(requests));
    }

    private static ResourceSpecs specs(FunctionResources resources) {
        var specs = new ResourceSpecs();
        if (resources != null) {
            ResourceQuantities.memoryBytes(resources.memory()).ifPresent(specs::withMemoryBytes);
            ResourceQuantities.nanoCpus(resources.cpu()).ifPresent(specs::withNanoCPUs);
        }
        return specs;
    }
}

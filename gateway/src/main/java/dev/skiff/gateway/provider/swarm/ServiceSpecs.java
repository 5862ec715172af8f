package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
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

    private final String network;

    ServiceSpecs(String network) {
        this.network = network;
    }

    /**
     * The service spec of a deployment.
     *
     * @param deployment what the user asked for
     * @param secretIds  swarm secret id of each name in {@code deployment.secrets()}
     * @param replicas   desired replica count
     */
    ServiceSpec build(FunctionDeployment deployment, Map<String, String> secretIds, long replicas) {
        var name = deployment.service();
        var serviceLabels = Labels.serviceLabels(name, deployment.labels(), deployment.annotations(),
                stored(deployment));
        var containerLabels = new TreeMap<>(serviceLabels);
        // A new uid on every deploy and update: swarm then always replaces the tasks, and the uid tells
        // the tasks of the current spec from the ones being replaced.
        containerLabels.put(Labels.UID, String.valueOf(System.nanoTime()));

        var container = new ContainerSpec()
                .withImage(deployment.image())
                .withEnv(environment(deployment))
                .withLabels(containerLabels)
                .withSecrets(secrets(deployment.secrets(), secretIds))
                .withReadOnly(deployment.readOnlyRootFilesystem());
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
                        .withFailureAction(UpdateFailureAction.ROLLBACK));
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
        new TreeMap<>(deployment.envVars()).forEach((key, value) -> env.add(key + "=" + value));
        return env;
    }

    private static List<ContainerSpecSecret> secrets(List<String> names, Map<String, String> secretIds) {
        return names.stream()
                .map(name -> new ContainerSpecSecret()
                        .withSecretName(name)
                        .withSecretId(secretIds.get(name))
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

package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST} and {@code PUT /system/functions}: what to run and how.
 *
 * @param service                name of the function; a DNS-1123 label
 * @param image                  container image, e.g. {@code skiff/watchdog:0.1.0}
 * @param namespace              empty or the one namespace the gateway serves
 * @param envProcess             given to the watchdog as {@code fprocess}
 * @param envVars                environment of the function's containers
 * @param constraints            swarm placement expressions
 * @param secrets                names of secrets mounted under {@code /var/openfaas/secrets/}
 * @param labels                 user labels; the scaling labels {@code com.openfaas.scale.*} go here
 * @param annotations            free-form metadata
 * @param limits                 upper bounds of memory and CPU
 * @param requests               reservations of memory and CPU
 * @param readOnlyRootFilesystem mount the root filesystem read-only, with a writable {@code /tmp}
 * @param registryAuth           faas-swarm's field for private images: base64 of {@code user:password} for the
 *                               image's registry; write-only (never in answers, never printed)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FunctionDeployment(
        String service,
        String image,
        String namespace,
        String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        FunctionResources limits,
        FunctionResources requests,
        // Go's omitempty drops false; NON_EMPTY alone would keep it.
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnlyRootFilesystem,
        String registryAuth) {

    public FunctionDeployment {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A deployment without registry credentials (OpenFaaS's current shape). */
    public FunctionDeployment(String service, String image, String namespace, String envProcess,
                              Map<String, String> envVars, List<String> constraints, List<String> secrets,
                              Map<String, String> labels, Map<String, String> annotations, FunctionResources limits,
                              FunctionResources requests, boolean readOnlyRootFilesystem) {
        this(service, image, namespace, envProcess, envVars, constraints, secrets, labels, annotations, limits,
                requests, readOnlyRootFilesystem, null);
    }

    /** The smallest deployment: a name and an image. */
    public static FunctionDeployment of(String service, String image) {
        return new FunctionDeployment(service, image, null, null, null, null, null, null, null, null, null, false);
    }

    public FunctionDeployment withEnvProcess(String process) {
        return new FunctionDeployment(service, image, namespace, process, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, registryAuth);
    }

    public FunctionDeployment withLabels(Map<String, String> newLabels) {
        return new FunctionDeployment(service, image, namespace, envProcess, envVars, constraints, secrets, newLabels,
                annotations, limits, requests, readOnlyRootFilesystem, registryAuth);
    }

    public FunctionDeployment withEnvVars(Map<String, String> newEnvVars) {
        return new FunctionDeployment(service, image, namespace, envProcess, newEnvVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, registryAuth);
    }

    public FunctionDeployment withAnnotations(Map<String, String> newAnnotations) {
        return new FunctionDeployment(service, image, namespace, envProcess, envVars, constraints, secrets, labels,
                newAnnotations, limits, requests, readOnlyRootFilesystem, registryAuth);
    }

    public FunctionDeployment withSecrets(List<String> newSecrets) {
        return new FunctionDeployment(service, image, namespace, envProcess, envVars, constraints, newSecrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, registryAuth);
    }

    public FunctionDeployment withRegistryAuth(String auth) {
        return new FunctionDeployment(service, image, namespace, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, auth);
    }

    /** Every field but the registry credentials, which must not reach a log line. */
    @Override
    public String toString() {
        return "FunctionDeployment[service=" + service + ", image=" + image + ", namespace=" + namespace
                + ", envProcess=" + envProcess + ", envVars=" + envVars + ", constraints=" + constraints
                + ", secrets=" + secrets + ", labels=" + labels + ", annotations=" + annotations
                + ", limits=" + limits + ", requests=" + requests
                + ", readOnlyRootFilesystem=" + readOnlyRootFilesystem
                + ", registryAuth=" + (registryAuth == null || registryAuth.isEmpty() ? "none" : "(set)") + "]";
    }
}

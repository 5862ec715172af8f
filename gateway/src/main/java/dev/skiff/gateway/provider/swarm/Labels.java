package dev.skiff.gateway.provider.swarm;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The service and container labels that make a swarm service a function, and how to read them back. */
final class Labels {
    /** Marks a service as a function and names it (OpenFaaS's label). */
    static final String FUNCTION = "com.openfaas.function";
    /** OpenFaaS's second marker, kept for tools that filter on it. */
    static final String FUNCTION_MARKER = "function";
    /** Added to every function's labels in answers, as OpenFaaS does. */
    static final String FAAS_FUNCTION = "faas_function";
    /** Prefix under which annotations are kept, since swarm has no annotations. */
    static final String ANNOTATION_PREFIX = "com.openfaas.annotations.";
    /** Changes on every deploy and update so that swarm always starts new tasks. */
    static final String UID = "com.openfaas.uid";
    /** The user's original deployment fields that swarm would otherwise normalise (limits, constraints...). */
    static final String DEPLOYMENT = "dev.skiff.deployment";
    /** The scaling label read at deploy and update time. */
    static final String SCALE_MIN = "com.openfaas.scale.min";
    static final long DEFAULT_MIN_REPLICAS = 1;

    private static final Set<String> OURS = Set.of(FUNCTION, FUNCTION_MARKER, UID, DEPLOYMENT);

    private Labels() {
    }

    /** The service labels for a function: ours, the user's, and the annotations under their prefix. */
    static Map<String, String> serviceLabels(String name, Map<String, String> user, Map<String, String> annotations,
                                             String deploymentJson) {
        var labels = new TreeMap<>(user);
        annotations.forEach((key, value) -> labels.put(ANNOTATION_PREFIX + key, value));
        labels.put(FUNCTION, name);
        labels.put(FUNCTION_MARKER, "true");
        labels.put(DEPLOYMENT, deploymentJson);
        return labels;
    }

    /** The user's labels plus {@code faas_function}, as answers show them. */
    static Map<String, String> userLabels(String name, Map<String, String> serviceLabels) {
        var labels = new TreeMap<String, String>();
        serviceLabels.forEach((key, value) -> {
            if (!OURS.contains(key) && !key.startsWith(ANNOTATION_PREFIX)) {
                labels.put(key, value);
            }
        });
        labels.put(FAAS_FUNCTION, name);
        return labels;
    }

    static Map<String, String> annotations(Map<String, String> serviceLabels) {
        var annotations = new TreeMap<String, String>();
        serviceLabels.forEach((key, value) -> {
            if (key.startsWith(ANNOTATION_PREFIX)) {
                annotations.put(key.substring(ANNOTATION_PREFIX.length()), value);
            }
        });
        return annotations;
    }

    /** The {@code com.openfaas.scale.min} label, or 1; a bad value is the user's error. */
    static long minReplicas(Map<String, String> labels) {
        var value = labels.get(SCALE_MIN);
        if (value == null) {
            return DEFAULT_MIN_REPLICAS;
        }
        try {
            long min = Long.parseLong(value.strip());
            if (min >= 0) {
                return min;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.skiff.gateway.provider.InvalidDeploymentException(
                SCALE_MIN + "=" + value + " is not a replica count: use a whole number >= 0");
    }
}

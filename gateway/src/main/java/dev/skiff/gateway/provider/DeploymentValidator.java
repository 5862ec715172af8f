package dev.skiff.gateway.provider;

import dev.skiff.api.FunctionDeployment;
import java.util.regex.Pattern;

/** Checks what every provider needs of a deployment before it touches the backend. */
public final class DeploymentValidator {
    // A DNS-1123 label, as Kubernetes and faas-netes require of service names.
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final int MAX_NAME_LENGTH = 63;

    private final String namespace;

    public DeploymentValidator(String namespace) {
        this.namespace = namespace;
    }

    /** Throws {@link InvalidDeploymentException} saying what is wrong, or returns the deployment. */
    public FunctionDeployment validate(FunctionDeployment deployment) {
        if (deployment == null) {
            throw new InvalidDeploymentException("empty request body: send a FunctionDeployment as JSON");
        }
        checkName(deployment.service());
        if (deployment.image() == null || deployment.image().isBlank()) {
            throw new InvalidDeploymentException("image is required: set \"image\" to the function's image");
        }
        checkNamespace(deployment.namespace());
        return deployment;
    }

    public void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDeploymentException("service is required: set \"service\" to the function's name");
        }
        if (name.length() > MAX_NAME_LENGTH || !DNS_LABEL.matcher(name).matches()) {
            throw new InvalidDeploymentException("(" + name + ") must be a valid DNS entry for service name: "
                    + "lower-case letters, digits and '-', starting and ending with a letter or digit, "
                    + "at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    public void checkNamespace(String requested) {
        if (requested != null && !requested.isEmpty() && !requested.equals(namespace)) {
            throw new InvalidDeploymentException("namespace not valid: this gateway serves only " + namespace);
        }
    }
}

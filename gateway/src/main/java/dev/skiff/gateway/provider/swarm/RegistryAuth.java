package dev.skiff.gateway.provider.swarm;

import com.github.dockerjava.api.model.AuthConfig;
import dev.skiff.gateway.provider.InvalidDeploymentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * faas-swarm's {@code registryAuth} deployment field: base64 of {@code user:password}, for the registry the
 * image names. Swarm keeps it with the service so that every node can pull the image.
 */
final class RegistryAuth {
    private static final String DOCKER_HUB = "https://index.docker.io/v1/";

    private RegistryAuth() {
    }

    /** The credentials for {@code image}'s registry, if {@code encoded} holds any. */
    static Optional<AuthConfig> of(String encoded, String image) {
        if (encoded == null || encoded.isBlank()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDeploymentException("registryAuth is not base64: send base64 of user:password");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new InvalidDeploymentException("registryAuth does not hold user:password: send base64 of "
                    + "user:password for the image's registry");
        }
        return Optional.of(new AuthConfig()
                .withUsername(decoded.substring(0, colon))
                .withPassword(decoded.substring(colon + 1))
                .withRegistryAddress(registry(image)));
    }

    /** The registry part of an image reference, as Docker reads it: a first part with '.' or ':', or localhost. */
    static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash > 0) {
            var first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return DOCKER_HUB;
    }
}

package dev.skiff.gateway.provider.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skiff.api.Json;
import dev.skiff.gateway.provider.InvalidSecretException;
import dev.skiff.gateway.provider.ProviderException;
import dev.skiff.gateway.provider.SecretConflictException;
import dev.skiff.gateway.provider.SecretNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The platform's secrets as swarm secrets. Swarm secrets are immutable, so each value is a version: the
 * Docker secret {@code NAME.vN} carries the labels {@code com.openfaas.owner=openfaas} (what makes it ours;
 * others are neither listed nor touched), {@code com.openfaas.secret=NAME} and the version N. Functions
 * mount the newest version at {@code /var/openfaas/secrets/NAME}.
 */
final class SwarmSecrets {
    private static final Logger LOG = Logger.getLogger(SwarmSecrets.class.getName());
    static final String OWNER = "com.openfaas.owner";
    static final String OWNER_VALUE = "openfaas";
    static final String NAME = "com.openfaas.secret";
    static final String VERSION = "dev.skiff.secret.version";
    // Docker's rule for secret names, less the room the ".vN" suffix takes in its 64 characters.
    private static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$");
    private static final int MAX_NAME_LENGTH = 52;
    // Docker stores at most 500 KB per secret.
    private static final int MAX_VALUE_BYTES = 500 * 1024;
    // Right after a function's removal its tasks are still stopping, and Docker refuses to remove a
    // secret they mount: try again for this long.
    private static final Duration IN_USE_RETRY = Duration.ofSeconds(30);

    /** One stored version of a secret. */
    record Version(String name, long version, String dockerId, String dockerName) {
    }

    private final DockerConnection connection;

    SwarmSecrets(DockerConnection connection) {
        this.connection = connection;
    }

    /** The newest version of each of our secrets, by name. */
    Map<String, Version> newest() {
        var newest = new TreeMap<String, Version>();
        for (var version : versions()) {
            newest.merge(version.name(), version, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return newest;
    }

    /** Every version of every secret of ours. */
    List<Version> versions() {
        return connection.docker().listSecretsCmd().withLabelFilter(Map.of(OWNER, OWNER_VALUE)).exec().stream()
                .map(SwarmSecrets::version)
                .flatMap(Optional::stream)
                .toList();
    }

    Optional<Version> newest(String name) {
        return versions().stream().filter(v -> v.name().equals(name)).max(Comparator.comparingLong(Version::version));
    }

    Version create(String name, byte[] value) {
        checkName(name);
        checkValue(name, value);
        if (newest(name).isPresent()) {
            throw new SecretConflictException("secret " + name + " already exists: update it with PUT "
                    + "/system/secrets (faas-cli secret update " + name + ")");
        }
        return store(name, 1, value);
    }

    /** Stores a new version of an existing secret and returns it. */
    Version createNextVersion(String name, byte[] value) {
        checkValue(name, value);
        var current = newest(name).orElseThrow(() -> new SecretNotFoundException(name));
        return store(name, current.version() + 1, value);
    }

    /** Removes every version, retrying while the tasks of a just-removed function still hold one. */
    void removeAll(String name) {
        var versions = versions().stream().filter(v -> v.name().equals(name)).toList();
        if (versions.isEmpty()) {
            throw new SecretNotFoundException(name);
        }
        versions.forEach(version -> removeRetrying(version, IN_USE_RETRY));
    }

    /** Removes versions older than the newest that no service mounts any more; a refusal is left for later. */
    void removeUnused(String name, java.util.Set<String> mountedIds) {
        var newest = newest(name);
        versions().stream()
                .filter(v -> v.name().equals(name))
                .filter(v -> newest.isEmpty() || v.version() < newest.get().version())
                .filter(v -> !mountedIds.contains(v.dockerId()))
                .forEach(v -> {
                    try {
                        connection.docker().removeSecretCmd(v.dockerId()).exec();
                    } catch (DockerException e) {
                        LOG.fine(() -> "old version " + v.dockerName() + " not removed yet: " + e.getMessage());
                    }
                });
    }

    private void removeRetrying(Version version, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                connection.docker().removeSecretCmd(version.dockerId()).exec();
                return;
            } catch (NotFoundException e) {
                return;
            } catch (DockerException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("in use")) {
                    throw new SecretConflictException("secret " + version.name() + " cannot be removed: "
                            + DockerMessages.of(e));
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while removing secret " + version.name(), e);
            }
        }
    }

    private record CreateBody(@JsonProperty("Name") String name, @JsonProperty("Labels") Map<String, String> labels,
                              @JsonProperty("Data") String data) {
    }

    private record Created(@JsonProperty("ID") String id) {
    }

    // docker-java's SecretSpec encodes the value as platform-charset text, which corrupts binary values.
    private Version store(String name, long version, byte[] value) {
        var dockerName = name + ".v" + version;
        var labels = Map.of(OWNER, OWNER_VALUE, NAME, name, VERSION, String.valueOf(version));
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(
                    new CreateBody(dockerName, labels, Base64.getEncoder().encodeToString(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a secret", e);
        }
        var request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/secrets/create")
                .putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(body))
                .build();
        try (var response = connection.http().execute(request)) {
            var answer = response.getBody().readAllBytes();
            if (response.getStatusCode() == 409) {
                throw new SecretConflictException("secret " + name + " already exists (a Docker secret named "
                        + dockerName + " is in the way; remove it with docker secret rm " + dockerName + ")");
            }
            if (response.getStatusCode() / 100 != 2) {
                throw new ProviderException("Docker answered " + response.getStatusCode() + " creating secret "
                        + name + ": " + new String(answer, StandardCharsets.UTF_8).strip(), null);
            }
            return new Version(name, version, Json.mapper().readValue(answer, Created.class).id(), dockerName);
        } catch (IOException e) {
            throw new ProviderException("cannot create secret " + name + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Version> version(com.github.dockerjava.api.model.Secret secret) {
        var labels = secret.getSpec() == null || secret.getSpec().getLabels() == null
                ? Map.<String, String>of() : secret.getSpec().getLabels();
        var name = labels.get(NAME);
        if (name == null) {
            return Optional.empty();
        }
        long version;
        try {
            version = Long.parseLong(labels.getOrDefault(VERSION, "1"));
        } catch (NumberFormatException e) {
            version = 1;
        }
        return Optional.of(new Version(name, version, secret.getId(), secret.getSpec().getName()));
    }

    static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSecretException("name is required: send {\"name\":\"NAME\",\"value\":\"...\"}");
        }
        if (name.contains("/") || name.contains("..") || name.length() > MAX_NAME_LENGTH
                || !VALID_NAME.matcher(name).matches()) {
            throw new InvalidSecretException("(" + name + ") is not a valid secret name: letters, digits, '-', '_' "
                    + "and '.', starting and ending with a letter or digit, no '..' or '/', at most "
                    + MAX_NAME_LENGTH + " characters");
        }
    }

    private static void checkValue(String name, byte[] value) {
        if (value.length == 0) {
            throw new InvalidSecretException("secret " + name + " has no value: send \"value\" (text) or "
                    + "\"rawValue\" (base64)");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidSecretException("secret " + name + " is " + value.length + " bytes; swarm keeps at "
                    + "most " + MAX_VALUE_BYTES + " bytes per secret");
        }
    }
}

package dev.skiff.gateway.provider;

import java.util.List;

/**
 * The platform's secrets, mounted into functions at {@code /var/openfaas/secrets/<name>}. Values go in and
 * never come out: no method returns, logs or labels one.
 */
public interface SecretStore {

    /** The names of the platform's secrets, sorted; secrets the platform did not create are not listed. */
    List<String> secretNames();

    /** Creates a secret; {@link SecretConflictException} if it exists, {@link InvalidSecretException} for a bad name. */
    void createSecret(String name, byte[] value);

    /**
     * Replaces a secret's value and rolls the functions that mount it, so that their new replicas read the
     * new value; {@link SecretNotFoundException} if absent.
     */
    void updateSecret(String name, byte[] value);

    /**
     * Removes a secret; {@link SecretNotFoundException} if absent, {@link SecretConflictException} while a
     * function still mounts it.
     */
    void removeSecret(String name);
}

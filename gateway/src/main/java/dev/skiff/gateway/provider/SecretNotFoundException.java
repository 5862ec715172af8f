package dev.skiff.gateway.provider;

/** No secret of that name exists (among the platform's own). */
public class SecretNotFoundException extends RuntimeException {
    public SecretNotFoundException(String name) {
        super("secret " + name + " not found: list them with faas-cli secret list");
    }
}

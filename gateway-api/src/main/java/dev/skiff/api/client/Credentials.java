package dev.skiff.api.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What the client sends in {@code Authorization} on {@code /system/*} calls, if anything. */
public record Credentials(Optional<String> authorization) {

    public static Credentials none() {
        return new Credentials(Optional.empty());
    }

    public static Credentials basic(String user, String password) {
        return basicToken(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** From the base64 {@code user:password} token kept in faas-cli's config file. */
    public static Credentials basicToken(String token) {
        return new Credentials(Optional.of("Basic " + token));
    }

    public static Credentials bearer(String token) {
        return new Credentials(Optional.of("Bearer " + token));
    }
}

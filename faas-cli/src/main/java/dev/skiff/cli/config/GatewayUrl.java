package dev.skiff.cli.config;

import java.util.Locale;

/**
 * Which gateway a command talks to, decided as faas-cli's {@code getGatewayURL} does. First match wins:
 * <ol>
 * <li>{@code -g/--gateway}, if it differs from the default;</li>
 * <li>the stack file's {@code provider.gateway}, if it differs from the default;</li>
 * <li>{@code OPENFAAS_URL};</li>
 * <li>{@value #DEFAULT}.</li>
 * </ol>
 * The result is lower-cased, loses trailing slashes and gains {@code http://} when it has no scheme.
 * Credentials are looked up by this exact string, so every command must resolve it the same way.
 */
public final class GatewayUrl {
    public static final String DEFAULT = "http://127.0.0.1:8080";

    private GatewayUrl() {
    }

    /**
     * @param flag         {@code -g}, or null
     * @param stackGateway {@code provider.gateway} of the stack file, or null
     * @param environment  {@code OPENFAAS_URL}, or null
     */
    public static String resolve(String flag, String stackGateway, String environment) {
        String chosen;
        if (isSet(flag) && !flag.equals(DEFAULT)) {
            chosen = flag;
        } else if (isSet(stackGateway) && !stackGateway.equals(DEFAULT)) {
            chosen = stackGateway;
        } else if (isSet(environment)) {
            chosen = environment;
        } else {
            chosen = DEFAULT;
        }
        return normalise(chosen);
    }

    static String normalise(String url) {
        var result = url.strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        return result.contains("://") ? result : "http://" + result;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}

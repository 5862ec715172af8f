package dev.skiff.cli.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.client.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One entry of {@code auths} in {@code config.yml}, in faas-cli's format.
 *
 * @param gateway the gateway URL exactly as {@link GatewayUrl#resolve} gives it; the lookup key
 * @param auth    {@code basic} or {@code oauth2}
 * @param token   base64 of {@code user:password} for basic, the bearer token for oauth2
 * @param options extra settings newer faas-cli versions write; kept so a login does not drop them
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuthEntry(String gateway, String auth, String token, List<Option> options) {
    public static final String BASIC = "basic";
    public static final String OAUTH2 = "oauth2";

    /** A named setting of an entry. */
    public record Option(String name, String value) {
    }

    public AuthEntry {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public static AuthEntry basic(String gateway, String user, String password) {
        var token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new AuthEntry(gateway, BASIC, token, List.of());
    }

    /** What the client sends on {@code /system/*} calls to this gateway. */
    public Credentials credentials() {
        if (token == null || token.isBlank()) {
            return Credentials.none();
        }
        return OAUTH2.equals(auth) ? Credentials.bearer(token) : Credentials.basicToken(token);
    }
}

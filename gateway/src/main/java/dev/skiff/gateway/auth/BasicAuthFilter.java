package dev.skiff.gateway.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Answers 401 to {@code /system/*} and {@code /async-status/*} calls without the right basic-auth
 * credentials; other routes pass.
 * The credentials are read once, from {@code basic-auth-user} and {@code basic-auth-password} in the
 * secrets folder, as the OpenFaaS gateway reads them.
 */
public final class BasicAuthFilter implements Filter {
    private static final String PROTECTED_PREFIX = "/system";
    /** A queued call's status tells about another caller's call: as private as {@code /system}. */
    private static final String ASYNC_STATUS_PREFIX = "/async-status/";

    private static final Logger LOG = Logger.getLogger(BasicAuthFilter.class.getName());

    // A digest of the expected header: comparing digests takes the same time whatever the length and
    // content of a guess (MessageDigest.isEqual alone returns early on a length mismatch).
    private final byte[] expected;

    private BasicAuthFilter(String user, String password) {
        this.expected = sha256("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads the two secret files; throws naming the file when one is missing. */
    public static BasicAuthFilter fromSecrets(Path folder) {
        return new BasicAuthFilter(read(folder.resolve("basic-auth-user")), read(folder.resolve("basic-auth-password")));
    }

    /** The user name of a basic-auth header, for the log; never the password. */
    private static String userOf(String header) {
        if (header.isEmpty()) {
            return "none: no Authorization header";
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "unknown: not basic auth";
        }
        try {
            var decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            var user = colon < 0 ? "unknown: no password part" : decoded.substring(0, colon);
            // The user name is the caller's text: keep the log line one line.
            return "\"" + user.replaceAll("[\\p{Cntrl}]", "?") + "\"";
        } catch (IllegalArgumentException e) {
            return "unknown: not base64";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("basic_auth is on but " + file + " cannot be read (" + e
                    + "): mount the basic-auth-user and basic-auth-password secrets, or set basic_auth=false");
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        var path = request.path().path();
        if (!path.equals(PROTECTED_PREFIX) && !path.startsWith(PROTECTED_PREFIX + "/")
                && !path.startsWith(ASYNC_STATUS_PREFIX)) {
            chain.proceed();
            return;
        }
        var given = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        // Constant-time comparison: the answer's timing must not reveal how much of a guess was right.
        if (MessageDigest.isEqual(expected, sha256(given))) {
            chain.proceed();
            return;
        }
        LOG.warning(() -> "rejected credentials for " + request.prologue().method().text() + " " + path + " from "
                + request.remotePeer().host() + " (user " + userOf(given) + ")");
        response.status(Status.UNAUTHORIZED_401)
                .header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Restricted\"")
                .send("invalid credentials");
    }
}

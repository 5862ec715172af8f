package dev.skiff.gateway.provider;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for the gateway's HTTP clients that only ever speak plain HTTP: the Docker engine on its
 * unix socket, the watchdogs' {@code /_/ready}, the node agents. Each of those clients builds a TLS context
 * when it is created even if it never uses it, and without one of its own it takes the JDK's default, which
 * parses the ~150 certificates of the JDK's trust store into the heap (~2.5 MB live, with the classes to read
 * them). This one trusts no certificate at all, so a TLS connection through it fails instead of trusting
 * anything, and it costs nothing to build.
 */
public final class NoTlsContext {
    private static final SSLContext CONTEXT = create();

    private NoTlsContext() {
    }

    /** The one shared context; it refuses every server certificate. */
    public static SSLContext get() {
        return CONTEXT;
    }

    private static SSLContext create() {
        try {
            var empty = KeyStore.getInstance(KeyStore.getDefaultType());
            empty.load(null, null);
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(empty);
            var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create an empty TLS context: " + e.getMessage(), e);
        }
    }
}

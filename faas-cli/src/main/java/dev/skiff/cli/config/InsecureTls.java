package dev.skiff.cli.config;

import dev.skiff.cli.CliException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code --tls-no-verify}: an {@link SSLContext} that accepts any certificate, and no host name check, as
 * faas-cli's flag does. Only for gateways with self-signed certificates under test.
 */
public final class InsecureTls {
    private InsecureTls() {
    }

    public static SSLContext context() {
        // The JDK client checks host names apart from the trust manager; this switch is read when the
        // first client is built.
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new CliException("cannot set up --tls-no-verify: " + e.getMessage(), e);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

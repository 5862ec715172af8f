package dev.skiff.cli.config;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The {@link SSLContext} given to the HTTP client of an {@code http://} gateway, which never uses TLS.
 * Without one, the JDK's client builds the default context even for plain HTTP: loading the CA
 * certificates and the TLS provider cost ~0.1 s, a quarter of a {@code faas-cli list}. Any attempt to
 * use it fails loudly rather than connecting without TLS.
 */
public final class PlainHttpOnly extends SSLContext {
    private PlainHttpOnly() {
        super(new Refusing(), null, "none");
    }

    public static SSLContext context() {
        return new PlainHttpOnly();
    }

    private static final class Refusing extends SSLContextSpi {
        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        // The client reads these when it is built, before any connection.
        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return new SSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return new SSLParameters();
        }

        private static IllegalStateException refused() {
            return new IllegalStateException("TLS requested from the client of an http:// gateway");
        }
    }
}

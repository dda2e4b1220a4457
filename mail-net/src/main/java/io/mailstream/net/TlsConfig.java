package io.mailstream.net;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The server certificate chain and private key, as PEM files (what operators get from their CA or
 * cert-manager). Read when a listener starts; a missing or unreadable file stops the start.
 */
public record TlsConfig(Path certificateChain, Path privateKey) {

    public TlsConfig {
        if (!Files.isReadable(certificateChain)) {
            throw new IllegalArgumentException("TLS certificate not readable: " + certificateChain);
        }
        if (!Files.isReadable(privateKey)) {
            throw new IllegalArgumentException("TLS private key not readable: " + privateKey);
        }
    }

    PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertPath(certificateChain.toString()).setKeyPath(privateKey.toString());
    }

    /** The protocols Vert.x enables by default; the same for TLS we start ourselves. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** A server-side TLS context from the same PEM files, for TLS started outside Vert.x (after a PROXY header). */
    SSLContext serverContext(Vertx vertx) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyCertOptions().getKeyManagerFactory(vertx).getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalArgumentException("TLS certificate or key unusable: " + certificateChain, e);
        }
    }

    static SSLEngine serverEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }
}

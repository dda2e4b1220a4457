package io.mailstream.net;

import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Files;
import java.nio.file.Path;

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
}

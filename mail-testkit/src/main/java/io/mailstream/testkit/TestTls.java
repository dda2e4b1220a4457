package io.mailstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed test certificate for {@code localhost} / 127.0.0.1 (test use only: its key is in
 * the repository), as PEM files on disk for the servers and as an SSLContext that trusts it for
 * the clients.
 */
public final class TestTls {

    private static Path dir;

    private TestTls() {
    }

    public static synchronized Path certificate() {
        return extract("cert.pem");
    }

    public static synchronized Path privateKey() {
        return extract("key.pem");
    }

    /** An SSLContext whose only trust anchor is the test certificate. */
    public static SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(certificate())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("mailstream-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("test TLS context", e);
        }
    }

    private static Path extract(String name) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("mailstream-tls");
                dir.toFile().deleteOnExit();
            }
            Path target = dir.resolve(name);
            if (!Files.exists(target)) {
                try (InputStream in = TestTls.class.getResourceAsStream("tls/" + name)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

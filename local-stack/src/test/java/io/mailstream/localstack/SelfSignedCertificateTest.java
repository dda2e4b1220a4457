package io.mailstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @TempDir
    Path dir;

    @Test
    void writesAMatchingCertificateAndOwnerOnlyPkcs8Key() throws Exception {
        SelfSignedCertificate.generate(dir, "mx.example.test");

        X509Certificate cert;
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mx.example.test");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "mx.example.test"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        cert.verify(cert.getPublicKey());

        String keyPem = Files.readString(dir.resolve("key.pem"), StandardCharsets.US_ASCII);
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(cert);
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).as("key.pem belongs to cert.pem").isTrue();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cert.pem", "key.pem");
        }
    }

    @Test
    void namesLocalhostAndTheLoopbackAddressOnlyOnce() {
        assertThat(SelfSignedCertificate.subjectAlternativeNames("localhost")).isEqualTo("dns:localhost,ip:127.0.0.1");
        assertThat(SelfSignedCertificate.subjectAlternativeNames("127.0.0.1")).isEqualTo("ip:127.0.0.1,dns:localhost");
    }

    @Test
    void refusesAHostnameThatWouldBreakTheDistinguishedName() {
        assertThatThrownBy(() -> SelfSignedCertificate.generate(dir, "evil,O=x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir).isEmptyDirectory();
    }
}

package io.mailstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Makes the local stack's self-signed TLS certificate as the two PEM files the services read
 * ({@code mailstream.tls.cert} / {@code mailstream.tls.key}), with nothing but the JDK: the
 * JDK's {@code keytool} generates the key pair and certificate into a throw-away PKCS#12 store,
 * which is then exported as {@code cert.pem} and {@code key.pem} (PKCS#8, owner-only).
 * Usage: {@code SelfSignedCertificate <dir> <hostname>}. The certificate names the hostname,
 * {@code localhost} and 127.0.0.1, and is valid for ten years.
 */
public final class SelfSignedCertificate {

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String ALIAS = "mailstream";
    private static final String VALIDITY_DAYS = "3650";
    /** keytool reads the throw-away store's password from this variable, never from its command line. */
    private static final String PASSWORD_VARIABLE = "MAILSTREAM_KEYTOOL_PASSWORD";

    private SelfSignedCertificate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SelfSignedCertificate <dir> <hostname>");
            System.exit(2);
        }
        try {
            generate(Path.of(args[0]), args[1]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        System.out.println("wrote " + Path.of(args[0], "cert.pem") + " and " + Path.of(args[0], "key.pem")
                + " (self-signed, " + subjectAlternativeNames(args[1]) + ", " + VALIDITY_DAYS + " days)");
    }

    /** Writes {@code dir/cert.pem} and {@code dir/key.pem}, replacing what is there. */
    public static void generate(Path dir, String hostname) throws Exception {
        if (hostname.length() > 253 || !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("not a hostname: '" + hostname + "' (letters, digits, '-' and '.')");
        }
        Files.createDirectories(dir);
        Path store = Files.createTempFile(dir, ".keystore-", ".p12");
        try {
            // keytool refuses to overwrite an empty file that is not a key store.
            Files.delete(store);
            char[] password = HexFormat.of().formatHex(randomBytes(16)).toCharArray();
            runKeytool(store, hostname, password);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            Key key = keyStore.getKey(ALIAS, password);
            Certificate certificate = keyStore.getCertificate(ALIAS);
            if (!(key instanceof PrivateKey) || certificate == null) {
                throw new IllegalStateException("keytool produced no key entry '" + ALIAS + "' in " + store);
            }
            // The key first: a cert.pem without its key.pem would look like a finished pair.
            write(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()), true);
            write(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()), false);
        } finally {
            Files.deleteIfExists(store);
        }
    }

    private static void runKeytool(Path store, String hostname, char[] password)
            throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-validity", VALIDITY_DAYS, "-dname", "CN=" + hostname,
                "-ext", "SAN=" + subjectAlternativeNames(hostname),
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, new String(password));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed (exit " + process.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8).trim());
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** keytool's SAN syntax: the hostname, localhost and 127.0.0.1, each once. */
    static String subjectAlternativeNames(String hostname) {
        List<String> names = new ArrayList<>();
        names.add((IPV4.matcher(hostname).matches() ? "ip:" : "dns:") + hostname);
        if (!hostname.equalsIgnoreCase("localhost")) {
            names.add("dns:localhost");
        }
        if (!hostname.equals("127.0.0.1")) {
            names.add("ip:127.0.0.1");
        }
        return String.join(",", names);
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Writes through a temporary file in the same folder, so a reader never sees half a file. */
    private static void write(Path target, String content, boolean ownerOnly) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".tmp");
        try {
            if (!isWindows()) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
            }
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}

package io.mailstream.store;

import org.bouncycastle.crypto.RuntimeCryptoException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * bcrypt (salted, cost 10 by default). Passwords never reach the store in any other form. bcrypt
 * reads at most 72 bytes; longer passwords are refused rather than silently truncated.
 *
 * <p>New hashes are {@code $2b$}; {@code $2a$} (what Mailstream wrote before) and {@code $2y$}
 * (Dovecot's {@code BLF-CRYPT}, crypt_blowfish) verify too, so accounts moved from Dovecot keep
 * their passwords.
 */
public final class PasswordHasher {

    public static final int MAX_PASSWORD_BYTES = 72;
    private static final int COST = Integer.getInteger("mailstream.bcrypt.cost", 10);
    private static final String VERSION = "2b";
    /** {@code $2b$10$}, 22 characters of salt, 31 of hash. */
    private static final int BCRYPT_LENGTH = 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Verified against when an account does not exist, so that both cases take the same time. */
    private static final String DUMMY_HASH = hash("not-a-real-password-" + System.nanoTime());

    private PasswordHasher() {
    }

    public static String hash(String password) {
        byte[] bytes = checked(password);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(VERSION, bytes, salt, COST);
    }

    /** False for a wrong password, a password over 72 bytes, and a hash that is not bcrypt. */
    public static boolean verify(String password, String hash) {
        if (password == null || hash == null || hash.length() != BCRYPT_LENGTH || !hash.startsWith("$2")) {
            return false;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PASSWORD_BYTES) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, bytes);
        } catch (IllegalArgumentException | RuntimeCryptoException e) {
            // an unknown version, a cost out of range, characters outside bcrypt's base64
            return false;
        }
    }

    /** Spends the time of one verification and returns false. */
    public static boolean verifyNobody(String password) {
        verify(password == null ? "" : password, DUMMY_HASH);
        return false;
    }

    private static byte[] checked(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty");
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_BYTES + " bytes");
        }
        return bytes;
    }
}

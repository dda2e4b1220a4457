package io.mailstream.store;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt (salted, cost 10 by default). Passwords never reach the store in any other form. bcrypt
 * reads at most 72 bytes; longer passwords are refused rather than silently truncated.
 */
public final class PasswordHasher {

    public static final int MAX_PASSWORD_BYTES = 72;
    private static final int COST = Integer.getInteger("mailstream.bcrypt.cost", 10);

    /** Verified against when an account does not exist, so that both cases take the same time. */
    private static final String DUMMY_HASH = hash("not-a-real-password-" + System.nanoTime());

    private PasswordHasher() {
    }

    public static String hash(String password) {
        byte[] bytes = checked(password);
        return new String(BCrypt.withDefaults().hash(COST, bytes), StandardCharsets.UTF_8);
    }

    public static boolean verify(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
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

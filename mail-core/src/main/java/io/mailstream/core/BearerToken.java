package io.mailstream.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The installation's admin credential ({@code mailstream.admin.token}), checked against an HTTP
 * {@code Authorization: Bearer <token>} header. Both sides are hashed before the constant-time
 * comparison, so timing leaks neither the content nor the length of the token. Unset or blank
 * means not configured: every request is refused.
 */
public final class BearerToken {

    /** How a request's credential compares with the configured one. */
    public enum Verdict { ACCEPTED, REJECTED, NOT_CONFIGURED }

    private final byte[] expectedDigest;

    public BearerToken(Optional<String> token) {
        this.expectedDigest = token.map(String::strip).filter(t -> !t.isEmpty()).map(BearerToken::digest).orElse(null);
    }

    public boolean configured() {
        return expectedDigest != null;
    }

    public Verdict check(String authorization) {
        if (expectedDigest == null) {
            return Verdict.NOT_CONFIGURED;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.REJECTED;
        }
        byte[] given = digest(authorization.substring(7).strip());
        return MessageDigest.isEqual(given, expectedDigest) ? Verdict.ACCEPTED : Verdict.REJECTED;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mailstream.relay.outbound;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bearer token that queue changes (retry, bounce, delete) require: the installation's admin
 * token, {@code mailstream.admin.token} (env {@code MAILSTREAM_ADMIN_TOKEN}). Unset, no change is
 * allowed. Compared as SHA-256 digests in constant time, so timing leaks neither content nor length.
 */
@ApplicationScoped
public class OperatorToken {

    private final byte[] expected;

    public OperatorToken(@ConfigProperty(name = "mailstream.admin.token") Optional<String> token) {
        this.expected = token.map(String::strip).filter(t -> !t.isEmpty()).map(OperatorToken::digest).orElse(null);
    }

    public boolean configured() {
        return expected != null;
    }

    /** True for {@code Authorization: Bearer <token>} with the configured token. */
    public boolean accepts(String authorization) {
        if (expected == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest(authorization.substring(7).strip()), expected);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

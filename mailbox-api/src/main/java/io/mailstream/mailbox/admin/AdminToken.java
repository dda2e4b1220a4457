package io.mailstream.mailbox.admin;

import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The admin credential ({@code mailstream.admin.token}, from {@code MAILSTREAM_ADMIN_TOKEN}).
 * There is deliberately no default: without a token the admin API refuses everything.
 */
@ApplicationScoped
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    static final int RECOMMENDED_LENGTH = 16;

    /** How a request's credential compares with the configured one. */
    public enum Verdict { ACCEPTED, REJECTED, NOT_CONFIGURED }

    private final byte[] expectedDigest;

    public AdminToken(@ConfigProperty(name = "mailstream.admin.token") Optional<String> token) {
        this.expectedDigest = token.map(String::strip).filter(t -> !t.isEmpty()).map(AdminToken::digest).orElse(null);
        if (token.isPresent() && token.get().strip().length() < RECOMMENDED_LENGTH) {
            LOG.warnf("mailstream.admin.token is shorter than %d characters; use a long random token",
                    RECOMMENDED_LENGTH);
        }
    }

    void logState(@Observes StartupEvent event) {
        if (expectedDigest == null) {
            LOG.warn("admin API disabled: mailstream.admin.token (env MAILSTREAM_ADMIN_TOKEN) is not set; "
                    + "every /api/v1 request is refused with 503");
        }
    }

    public boolean configured() {
        return expectedDigest != null;
    }

    /**
     * Checks an {@code Authorization} header value. Both sides are hashed before the constant-time
     * comparison, so neither the content nor the length of the token leaks through timing.
     */
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

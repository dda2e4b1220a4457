package io.mailstream.mailbox.admin;

import io.mailstream.core.BearerToken;
import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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

    private final BearerToken token;

    public AdminToken(@ConfigProperty(name = "mailstream.admin.token") Optional<String> token) {
        this.token = new BearerToken(token);
        if (token.isPresent() && token.get().strip().length() < RECOMMENDED_LENGTH) {
            LOG.warnf("mailstream.admin.token is shorter than %d characters; use a long random token",
                    RECOMMENDED_LENGTH);
        }
    }

    void logState(@Observes StartupEvent event) {
        if (!token.configured()) {
            LOG.warn("admin API disabled: mailstream.admin.token (env MAILSTREAM_ADMIN_TOKEN) is not set; "
                    + "every /api/v1 request is refused with 503");
        }
    }

    public boolean configured() {
        return token.configured();
    }

    /** Checks an {@code Authorization} header value. */
    public Verdict check(String authorization) {
        return Verdict.valueOf(token.check(authorization).name());
    }
}

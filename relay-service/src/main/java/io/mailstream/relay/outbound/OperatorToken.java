package io.mailstream.relay.outbound;

import io.mailstream.core.BearerToken;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bearer token that queue changes (retry, bounce, delete) require: the installation's admin
 * token, {@code mailstream.admin.token} (env {@code MAILSTREAM_ADMIN_TOKEN}). Unset, no change is
 * allowed.
 */
@ApplicationScoped
public class OperatorToken {

    private final BearerToken token;

    public OperatorToken(@ConfigProperty(name = "mailstream.admin.token") Optional<String> token) {
        this.token = new BearerToken(token);
    }

    public boolean configured() {
        return token.configured();
    }

    /** True for {@code Authorization: Bearer <token>} with the configured token. */
    public boolean accepts(String authorization) {
        return token.check(authorization) == BearerToken.Verdict.ACCEPTED;
    }
}

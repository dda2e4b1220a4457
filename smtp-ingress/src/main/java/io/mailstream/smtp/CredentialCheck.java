package io.mailstream.smtp;

import io.mailstream.store.Authenticator;

import org.jboss.logging.Logger;

/**
 * The end of a SASL exchange: checks the collected credentials and turns the outcome into the
 * RFC 4954 reply, recording the account on success. Logins and passwords are never logged.
 */
final class CredentialCheck {

    private static final Logger LOG = Logger.getLogger(CredentialCheck.class);

    private final PasswordCheck passwords;
    private final SmtpMetrics metrics;

    CredentialCheck(PasswordCheck passwords, SmtpMetrics metrics) {
        this.passwords = passwords;
        this.metrics = metrics;
    }

    SmtpReply check(SaslExchange.Credentials c, ConnectionState state) {
        if (!c.authzid().isEmpty() && !c.authzid().equalsIgnoreCase(c.login())) {
            metrics.auth("failure"); // acting for another user is not supported
            LOG.infof("AUTH from %s refused: authorization identity differs", state.clientAddress());
            return SmtpReplies.AUTH_FAILED;
        }
        Authenticator.Result result = passwords.authenticate(c.login(), c.password(), state.clientAddress());
        switch (result.outcome()) {
            case SUCCESS -> {
                String account = result.account().orElse(c.login());
                state.authenticate(account);
                metrics.auth("success");
                LOG.infof("authenticated as %s", account);
                return SmtpReplies.AUTH_OK;
            }
            case FAILURE -> {
                metrics.auth("failure");
                LOG.infof("AUTH failed from %s", state.clientAddress());
                return SmtpReplies.AUTH_FAILED;
            }
            case THROTTLED -> {
                metrics.auth("throttled");
                metrics.limitHit("auth_failures");
                LOG.infof("AUTH throttled for %s", state.clientAddress());
                return SmtpReplies.AUTH_TEMPORARY;
            }
            default -> {
                metrics.auth("unavailable");
                LOG.warnf("AUTH from %s: credential check unavailable", state.clientAddress());
                return SmtpReplies.AUTH_TEMPORARY;
            }
        }
    }
}

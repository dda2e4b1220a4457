package io.mailstream.mailbox.pop3;

import io.mailstream.store.Authenticator;
import io.mailstream.store.StoreException;

import org.jboss.logging.Logger;

/**
 * The end of every login, whether by USER/PASS or AUTH PLAIN: the shared credential check
 * ({@link Authenticator}: bcrypt, throttled per client and account, the same cost for unknown
 * accounts), then the maildrop lock, then the snapshot. Response codes: {@code [AUTH]} for
 * credentials (and throttling), {@code [SYS/TEMP]} when the store is down, {@code [IN-USE]} when
 * another session holds the maildrop (RFC 2449, RFC 3206).
 */
public final class Login {

    private static final Logger LOG = Logger.getLogger(Login.class);

    private Login() {
    }

    public static Pop3Reply attempt(Pop3Session session, String login, String password) {
        Authenticator.Result result = session.service().authenticate(login, password, session.clientAddress());
        switch (result.outcome()) {
            case SUCCESS:
                return open(session, result.account().orElseThrow());
            case UNAVAILABLE:
                session.metrics().login("unavailable");
                session.pendingUser(null);
                return Pop3Replies.STORE_UNAVAILABLE;
            case THROTTLED:
                session.metrics().login("throttled");
                LOG.infof("pop3 %s: login for %s from %s throttled", session.sessionId(), login,
                        session.clientAddress());
                return session.authFailedMayRetry() ? Pop3Replies.THROTTLED : Pop3Replies.TOO_MANY_AUTH_FAILURES;
            default:
                session.metrics().login(false);
                LOG.infof("pop3 %s: failed login for %s from %s", session.sessionId(), login, session.clientAddress());
                return session.authFailedMayRetry() ? Pop3Replies.AUTH_FAILED : Pop3Replies.TOO_MANY_AUTH_FAILURES;
        }
    }

    private static Pop3Reply open(Pop3Session session, String owner) {
        session.pendingUser(null);
        if (!session.service().lock(owner, session.sessionId())) {
            session.metrics().login("in-use");
            LOG.infof("pop3 %s: maildrop of %s is in use", session.sessionId(), owner);
            return Pop3Replies.IN_USE;
        }
        Maildrop drop;
        try {
            drop = session.service().open(owner);
        } catch (StoreException e) {
            session.service().unlock(owner, session.sessionId());
            throw e;
        }
        session.loggedIn(owner, drop);
        session.metrics().login(true);
        LOG.debugf("pop3 %s: %s logged in", session.sessionId(), owner);
        return Pop3Reply.ok(Pop3Replies.dropSummary(drop));
    }
}

package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Maildrop;
import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * PASS password, right after USER. The whole rest of the line is the password (RFC 1939 §7:
 * it may contain spaces). On success the INBOX is snapshotted and the session enters
 * TRANSACTION; the third failure ends the session. Directory.authenticate costs one bcrypt
 * verification whether or not the account exists, which also slows guessing down.
 */
public final class PassCommand implements Pop3Command {

    private static final Logger LOG = Logger.getLogger(PassCommand.class);

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        String user = session.pendingUser();
        if (user == null) {
            return Pop3Replies.USER_FIRST;
        }
        Optional<String> owner = session.service().authenticate(user, arguments);
        session.metrics().login(owner.isPresent());
        if (owner.isEmpty()) {
            LOG.infof("pop3 %s: failed login for %s", session.sessionId(), user);
            return session.authFailedMayRetry() ? Pop3Replies.AUTH_FAILED : Pop3Replies.TOO_MANY_AUTH_FAILURES;
        }
        // Issue 7: take the maildrop lock here and answer -ERR [IN-USE] when another session holds it.
        Maildrop drop = session.service().open(owner.get());
        session.loggedIn(owner.get(), drop);
        LOG.debugf("pop3 %s: %s logged in", session.sessionId(), owner.get());
        return Pop3Reply.ok(Pop3Replies.dropSummary(drop));
    }
}

package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Login;
import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/**
 * PASS password, right after USER. The whole rest of the line is the password (RFC 1939 §7:
 * it may contain spaces). See {@link Login} for what a login checks and takes.
 */
public final class PassCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!session.plaintextLoginAllowed()) {
            return Pop3Replies.PLAINTEXT_REFUSED;
        }
        String user = session.pendingUser();
        if (user == null) {
            return Pop3Replies.USER_FIRST;
        }
        return Login.attempt(session, user, arguments);
    }
}

package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/**
 * USER name. Refused until TLS protects the connection (unless the loopback exception is on);
 * then always accepted when a name is given, so the reply does not tell whether the account
 * exists: PASS decides.
 */
public final class UserCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!session.plaintextLoginAllowed()) {
            return Pop3Replies.PLAINTEXT_REFUSED;
        }
        String name = arguments.strip();
        if (name.isEmpty() || name.contains(" ")) {
            return Pop3Replies.SYNTAX;
        }
        session.pendingUser(name);
        return Pop3Reply.ok("send PASS");
    }
}

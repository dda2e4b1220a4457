package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/**
 * USER name. Always accepted when a name is given, so the reply does not tell whether the
 * account exists; PASS decides.
 */
public final class UserCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        String name = arguments.strip();
        if (name.isEmpty() || name.contains(" ")) {
            return Pop3Replies.SYNTAX;
        }
        session.pendingUser(name);
        return Pop3Reply.ok("send PASS");
    }
}

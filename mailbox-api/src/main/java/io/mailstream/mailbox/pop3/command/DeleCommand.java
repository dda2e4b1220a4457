package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/** DELE n: marks a message; it is removed only when the client QUITs from TRANSACTION. */
public final class DeleCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        String[] args = Arguments.split(arguments);
        if (args.length != 1) {
            return Pop3Replies.SYNTAX;
        }
        Arguments.Target t = Arguments.Target.resolve(session.maildrop(), args[0]);
        if (t.failed()) {
            return t.error();
        }
        session.maildrop().markDeleted(t.number());
        session.readAhead().forget(t.number());
        return Pop3Reply.ok("message " + t.number() + " deleted");
    }
}

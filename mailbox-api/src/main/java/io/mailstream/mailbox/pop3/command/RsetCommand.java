package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/** RSET: unmarks every message marked deleted in this session. */
public final class RsetCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!arguments.isEmpty()) {
            return Pop3Replies.SYNTAX;
        }
        session.maildrop().unmarkAll();
        return Pop3Reply.ok(Pop3Replies.dropSummary(session.maildrop()));
    }
}

package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Maildrop;
import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/** STAT: count and octets of the messages not marked deleted. */
public final class StatCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!arguments.isEmpty()) {
            return Pop3Replies.SYNTAX;
        }
        Maildrop drop = session.maildrop();
        return Pop3Reply.ok(drop.count() + " " + drop.octets());
    }
}

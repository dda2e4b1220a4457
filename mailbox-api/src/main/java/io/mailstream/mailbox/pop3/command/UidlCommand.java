package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Maildrop;
import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

import java.util.ArrayList;
import java.util.List;

/** UIDL [n]: the unique-id of one message, or of every message not marked deleted. */
public final class UidlCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        Maildrop drop = session.maildrop();
        String[] args = Arguments.split(arguments);
        if (args.length > 1) {
            return Pop3Replies.SYNTAX;
        }
        if (args.length == 1) {
            Arguments.Target t = Arguments.Target.resolve(drop, args[0]);
            return t.failed() ? t.error() : Pop3Reply.ok(t.number() + " " + drop.uniqueId(t.number()));
        }
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= drop.size(); n++) {
            if (!drop.isDeleted(n)) {
                lines.add(n + " " + drop.uniqueId(n));
            }
        }
        return Pop3Reply.lines("unique-id listing follows", lines);
    }
}

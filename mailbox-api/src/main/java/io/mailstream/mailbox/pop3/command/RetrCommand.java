package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

import java.util.Optional;

/** RETR n: the whole message, dot-stuffed (as the reply is encoded). */
public final class RetrCommand implements Pop3Command {

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
        Optional<byte[]> raw = MessageOctets.read(session, t.number(), t.message(), false);
        if (raw.isEmpty()) {
            return MessageOctets.unavailable(t.number());
        }
        session.metrics().retrieved();
        return Pop3Reply.message(raw.get().length + " octets", raw.get());
    }
}

package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.MessageNumber;
import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

import java.util.Optional;
import java.util.OptionalLong;

/** TOP n k: the header, the blank line, and the first k lines of the body, dot-stuffed. */
public final class TopCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        String[] args = Arguments.split(arguments);
        if (args.length != 2) {
            return Pop3Replies.SYNTAX;
        }
        OptionalLong lines = MessageNumber.parseNonNegative(args[1]);
        if (lines.isEmpty()) {
            return Pop3Replies.SYNTAX;
        }
        Arguments.Target t = Arguments.Target.resolve(session.maildrop(), args[0]);
        if (t.failed()) {
            return t.error();
        }
        Optional<byte[]> raw = MessageOctets.read(session, t.number(), t.message(), true);
        if (raw.isEmpty()) {
            return MessageOctets.unavailable(t.number());
        }
        return Pop3Reply.top("top of message follows", raw.get(), lines.getAsLong());
    }
}

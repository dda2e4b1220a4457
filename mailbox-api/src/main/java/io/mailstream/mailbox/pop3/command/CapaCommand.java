package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

import java.util.List;

/** CAPA (RFC 2449): the same list in both states; issue 7 adds STLS and SASL. */
public final class CapaCommand implements Pop3Command {

    private static final List<String> CAPABILITIES = List.of("TOP", "UIDL", "USER", "RESP-CODES", "AUTH-RESP-CODE",
            "PIPELINING", "IMPLEMENTATION Mailstream");

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!arguments.isEmpty()) {
            return Pop3Replies.SYNTAX;
        }
        return Pop3Reply.lines("capability list follows", CAPABILITIES);
    }
}

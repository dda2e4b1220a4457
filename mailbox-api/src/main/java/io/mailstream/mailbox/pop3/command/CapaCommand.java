package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;
import io.mailstream.mailbox.pop3.Pop3State;

import java.util.ArrayList;
import java.util.List;

/**
 * CAPA (RFC 2449). USER and SASL PLAIN are announced only while credentials may be sent (over
 * TLS, or loopback when allowed; RFC 2595 §2.2), STLS only in AUTHORIZATION on a plain connection
 * of a listener with a certificate. {@code EXPIRE NEVER}: the server never deletes mail on its
 * own. The list is otherwise the same in both states, as RFC 2449 §5 asks.
 */
public final class CapaCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!arguments.isEmpty()) {
            return Pop3Replies.SYNTAX;
        }
        List<String> capabilities = new ArrayList<>(List.of("TOP", "UIDL"));
        if (session.plaintextLoginAllowed()) {
            capabilities.add("USER");
            capabilities.add("SASL PLAIN");
        }
        if (session.canStartTls() && session.state() == Pop3State.AUTHORIZATION) {
            capabilities.add("STLS");
        }
        capabilities.addAll(List.of("RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER",
                "IMPLEMENTATION Mailstream"));
        return Pop3Reply.lines("capability list follows", capabilities);
    }
}

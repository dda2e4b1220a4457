package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/**
 * STLS (RFC 2595 §4), AUTHORIZATION state only. The {@code +OK} is the last plain-text reply; the
 * session then drops whatever the client pipelined after STLS and forgets a pending USER, and the
 * handshake starts.
 */
public final class StlsCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (!arguments.isEmpty()) {
            return Pop3Replies.SYNTAX;
        }
        if (session.isSecure()) {
            return Pop3Reply.err("TLS already active");
        }
        if (!session.canStartTls()) {
            return Pop3Reply.err("STLS not available: no certificate configured");
        }
        return Pop3Reply.ok("begin TLS negotiation").thenStartTls();
    }
}

package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SimpleRequest;

/** LOGOUT: BYE, then the tagged OK; the session closes the connection after it. */
public final class LogoutProcessor extends ImapProcessor<SimpleRequest> {

    public LogoutProcessor() {
        super(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(SimpleRequest request, ImapContext ctx) {
        ctx.untagged("BYE Logging out");
        ctx.logout();
        return Completion.ok("LOGOUT completed");
    }
}

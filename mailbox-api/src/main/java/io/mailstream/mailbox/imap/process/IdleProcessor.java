package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SimpleRequest;

/**
 * IDLE (RFC 2177): reports what changed so far, then waits for DONE while the session is woken
 * by every change to the user's mailboxes (from this instance or, via {@code mailbox.changes},
 * from any other) and reports EXISTS, EXPUNGE and FETCH FLAGS as they happen.
 */
public final class IdleProcessor extends ImapProcessor<SimpleRequest> {

    public IdleProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(SimpleRequest request, ImapContext ctx) {
        if (ctx.state() == SessionState.SELECTED) {
            ctx.selected().refresh(ctx.access(), ctx, true);
        }
        ctx.idle().start();
        return Completion.continueWith("idling", line -> {
            ctx.idle().stop();
            return line.strip().equalsIgnoreCase("DONE") ? Completion.ok("IDLE terminated")
                    : Completion.bad("Expected DONE");
        });
    }
}

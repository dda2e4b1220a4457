package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SimpleRequest;

/**
 * NOOP (any state) and CHECK (selected). Both do nothing themselves: the session reports mailbox
 * changes after every command that allows it, which is what a client polling with NOOP wants.
 */
public final class NoopProcessor extends ImapProcessor<SimpleRequest> {

    private NoopProcessor(SessionState first, SessionState... more) {
        super(first, more);
    }

    public static NoopProcessor noop() {
        return new NoopProcessor(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    public static NoopProcessor check() {
        return new NoopProcessor(SessionState.SELECTED);
    }

    @Override
    protected Completion process(SimpleRequest request, ImapContext ctx) {
        return Completion.ok(request.command() + " completed");
    }
}

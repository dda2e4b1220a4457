package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SimpleRequest;

/** CAPABILITY, in any state. */
public final class CapabilityProcessor extends ImapProcessor<SimpleRequest> {

    public CapabilityProcessor() {
        super(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(SimpleRequest request, ImapContext ctx) {
        ctx.untagged("CAPABILITY " + Capabilities.of(ctx));
        return Completion.ok("CAPABILITY completed");
    }
}

package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SimpleRequest;

/**
 * CLOSE (expunges \Deleted messages without reporting them, unless read-only) and UNSELECT
 * (RFC 3691, expunges nothing); both return to the authenticated state.
 */
public final class CloseProcessor extends ImapProcessor<SimpleRequest> {

    private final boolean expunge;

    private CloseProcessor(boolean expunge) {
        super(SessionState.SELECTED);
        this.expunge = expunge;
    }

    public static CloseProcessor close() {
        return new CloseProcessor(true);
    }

    public static CloseProcessor unselect() {
        return new CloseProcessor(false);
    }

    @Override
    protected Completion process(SimpleRequest request, ImapContext ctx) {
        SelectedMailbox selected = ctx.selected();
        if (expunge && !selected.readOnly()) {
            ExpungeProcessor.expungeDeleted(ctx, selected);
        }
        ctx.deselect();
        return Completion.ok(request.command() + " completed");
    }
}

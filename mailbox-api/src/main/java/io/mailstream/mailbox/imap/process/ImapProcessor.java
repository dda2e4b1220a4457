package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.decode.DecodeException;
import io.mailstream.mailbox.imap.request.ImapRequest;
import io.mailstream.store.StoreException;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Base of every command processor: refuses the command in states where RFC 3501 does not allow
 * it, and turns exceptions into tagged responses (NO or BAD from {@link ImapException}, NO
 * [UNAVAILABLE] for a store failure the client may retry, NO [SERVERBUG] for anything else).
 */
public abstract class ImapProcessor<R extends ImapRequest> {

    private static final Logger LOG = Logger.getLogger(ImapProcessor.class);

    private final Set<SessionState> states;

    protected ImapProcessor(SessionState first, SessionState... more) {
        this.states = EnumSet.of(first, more);
    }

    public final Completion handle(R request, ImapContext ctx) {
        if (!states.contains(ctx.state())) {
            return wrongState(ctx.state());
        }
        return guard(() -> process(request, ctx));
    }

    protected abstract Completion process(R request, ImapContext ctx);

    /** Runs a step of a command (also a SASL continuation) with the exception mapping. */
    public static Completion guard(Supplier<Completion> step) {
        try {
            Completion c = step.get();
            return c.isContinuation() ? Completion.continueWith(c.prompt(), line -> guard(() -> c.next().apply(line)))
                    : c;
        } catch (ImapException e) {
            return e.completion();
        } catch (DecodeException e) {
            return Completion.bad(e.getMessage());
        } catch (StoreException e) {
            LOG.warnf("store failure: %s", e.getMessage());
            return Completion.no("UNAVAILABLE", "Temporary failure, try again later");
        } catch (RuntimeException e) {
            LOG.error("command failed", e);
            return Completion.no("SERVERBUG", "Internal error");
        }
    }

    private Completion wrongState(SessionState state) {
        return switch (state) {
            case NOT_AUTHENTICATED -> Completion.bad("Not authenticated");
            case AUTHENTICATED -> states.contains(SessionState.SELECTED) ? Completion.bad("No mailbox selected")
                    : Completion.bad("Already authenticated");
            case SELECTED -> Completion.bad("Already authenticated");
            case LOGOUT -> Completion.bad("Logging out");
        };
    }
}

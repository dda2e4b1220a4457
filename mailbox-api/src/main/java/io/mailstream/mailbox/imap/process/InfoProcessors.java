package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.EnableRequest;
import io.mailstream.mailbox.imap.request.SimpleRequest;

import java.util.ArrayList;
import java.util.List;

/** NAMESPACE (RFC 2342), ID (RFC 2971) and ENABLE (RFC 5161). */
public final class InfoProcessors {

    private InfoProcessors() {
    }

    /** One personal namespace with no prefix; no shared or other users' namespaces. */
    public static final class Namespace extends ImapProcessor<SimpleRequest> {
        public Namespace() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(SimpleRequest request, ImapContext ctx) {
            ctx.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
            return Completion.ok("NAMESPACE completed");
        }
    }

    /** Says who we are; nothing more, so the reply reveals no version to fingerprint. */
    public static final class Id extends ImapProcessor<SimpleRequest> {
        public Id() {
            super(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(SimpleRequest request, ImapContext ctx) {
            ctx.untagged("ID (\"name\" \"Mailstream\")");
            return Completion.ok("ID completed");
        }
    }

    /** Reports the extensions this command newly enabled; unknown ones are ignored (RFC 5161). */
    public static final class Enable extends ImapProcessor<EnableRequest> {
        public Enable() {
            super(SessionState.AUTHENTICATED);
        }

        @Override
        protected Completion process(EnableRequest request, ImapContext ctx) {
            List<String> enabled = new ArrayList<>();
            for (String c : request.capabilities()) {
                if (ctx.enable(c)) {
                    enabled.add(ImapContext.canonical(c));
                }
            }
            ctx.untagged("ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
            return Completion.ok("ENABLE completed");
        }
    }
}

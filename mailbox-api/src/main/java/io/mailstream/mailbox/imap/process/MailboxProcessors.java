package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.access.MailboxNames;
import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.MailboxRequest;
import io.mailstream.mailbox.imap.request.RenameRequest;
import io.mailstream.store.Mailbox;

import java.util.List;
import java.util.Set;

/** CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE: small processors over {@link MailboxAccess}. */
public final class MailboxProcessors {

    /** RFC 6154 attributes a client may give a new mailbox (\All and \Flagged would be virtual). */
    static final Set<String> CREATABLE_USES = Set.of("\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash");

    private MailboxProcessors() {
    }

    public static final class Create extends ImapProcessor<MailboxRequest> {
        public Create() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(MailboxRequest request, ImapContext ctx) {
            String name = ctx.newMailboxName(request.mailbox());
            String use = null;
            if (request.specialUse() != null) {
                use = CREATABLE_USES.stream().filter(u -> u.equalsIgnoreCase(request.specialUse())).findFirst()
                        .orElseThrow(() -> ImapException.no("USEATTR", "Special use not supported"));
            }
            if (ctx.access().mailboxes(ctx.user()).size() >= MailboxAccess.MAX_MAILBOXES) {
                return Completion.no("LIMIT", "Too many mailboxes");
            }
            if (ctx.access().create(ctx.user(), name, use).isEmpty()) {
                return Completion.no("ALREADYEXISTS", "Mailbox already exists");
            }
            return Completion.ok("CREATE completed");
        }
    }

    public static final class Delete extends ImapProcessor<MailboxRequest> {
        public Delete() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(MailboxRequest request, ImapContext ctx) {
            String name = ctx.mailboxName(request.mailbox());
            if (MailboxNames.isInbox(name)) {
                return Completion.no("CANNOT", "INBOX cannot be deleted");
            }
            Mailbox mailbox = ctx.access().mailbox(ctx.user(), name)
                    .orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
            if (ctx.state() == SessionState.SELECTED && ctx.selected().mailbox().id().equals(mailbox.id())) {
                ctx.deselect(); // RFC 9051 6.3.4 leaves this open; a deleted mailbox cannot stay selected
            }
            ctx.access().delete(mailbox);
            return Completion.ok("DELETE completed");
        }
    }

    public static final class Rename extends ImapProcessor<RenameRequest> {
        public Rename() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(RenameRequest request, ImapContext ctx) {
            String from = ctx.mailboxName(request.from());
            String to = ctx.newMailboxName(request.to());
            if (to.startsWith(from + MailboxNames.DELIMITER) && !MailboxNames.isInbox(from)) {
                return Completion.no("CANNOT", "Cannot move a mailbox into itself");
            }
            // Renaming INBOX leaves INBOX in place: nothing had an old name then.
            List<String> moved = ctx.enabled(ImapContext.IMAP4REV2) && !MailboxNames.isInbox(from)
                    ? movedNames(ctx, from) : List.of();
            return switch (ctx.access().rename(ctx.user(), from, to)) {
                case RENAMED -> {
                    for (String old : moved) {
                        ctx.write(new ResponseWriter().raw("* LIST () \"" + MailboxNames.DELIMITER + "\"")
                                .string(ctx.wireName(to + old.substring(from.length()))).open().raw("\"OLDNAME\"").open()
                                .string(ctx.wireName(old)).close().close().crlf().toBytes());
                    }
                    yield Completion.ok("RENAME completed");
                }
                case NO_SUCH_MAILBOX -> Completion.no("NONEXISTENT", "No such mailbox");
                case ALREADY_EXISTS -> Completion.no("ALREADYEXISTS", "Target mailbox already exists");
            };
        }

        /**
         * The mailbox and those below it, which a successful RENAME moves. IMAP4rev2 clients get an
         * untagged LIST with the OLDNAME extended data item (RFC 9051 6.3.9.7, RFC 5465 5.4) for each,
         * so they can carry over what they cached under the old name.
         */
        private static List<String> movedNames(ImapContext ctx, String from) {
            String prefix = from + MailboxNames.DELIMITER;
            return ctx.access().mailboxes(ctx.user()).stream().map(Mailbox::name)
                    .filter(n -> n.equals(from) || n.startsWith(prefix)).toList();
        }
    }

    /** SUBSCRIBE (names must be valid) and UNSUBSCRIBE (any name, so stale entries can go). */
    public static final class Subscribe extends ImapProcessor<MailboxRequest> {
        public Subscribe() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(MailboxRequest request, ImapContext ctx) {
            if (request.command().equals("SUBSCRIBE")) {
                String name = ctx.newMailboxName(request.mailbox());
                if (ctx.access().subscriptions(ctx.user()).size() >= MailboxAccess.MAX_SUBSCRIPTIONS) {
                    return Completion.no("LIMIT", "Too many subscriptions");
                }
                ctx.access().subscribe(ctx.user(), name);
            } else {
                ctx.access().unsubscribe(ctx.user(), ctx.mailboxName(request.mailbox()));
            }
            return Completion.ok(request.command() + " completed");
        }
    }
}

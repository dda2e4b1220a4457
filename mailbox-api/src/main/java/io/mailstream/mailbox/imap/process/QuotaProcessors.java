package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.MailboxRequest;
import io.mailstream.store.Directory;
import io.mailstream.store.MessageStore;

import java.util.Optional;

/**
 * QUOTA (RFC 9208), read-only: one quota root {@code ""} per account covering all its mailboxes,
 * with STORAGE (KiB) and MESSAGE resources as set in the directory. Accounts without a quota
 * have no quota root. SETQUOTA is for administrators (the admin API), so it is refused here.
 */
public final class QuotaProcessors {

    private QuotaProcessors() {
    }

    /** GETQUOTAROOT mailbox. */
    public static final class GetQuotaRoot extends ImapProcessor<MailboxRequest> {
        public GetQuotaRoot() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(MailboxRequest request, ImapContext ctx) {
            String name = ctx.mailboxName(request.mailbox());
            ctx.access().mailbox(ctx.user(), name)
                    .orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
            Optional<Directory.Quota> quota = ctx.limits().quota(ctx.user());
            ResponseWriter w = new ResponseWriter().raw("* QUOTAROOT").string(ctx.wireName(name));
            if (quota.isPresent()) {
                w.string("");
            }
            ctx.write(w.crlf().toBytes());
            quota.ifPresent(q -> ctx.write(quotaLine(ctx, q)));
            return Completion.ok("GETQUOTAROOT completed");
        }
    }

    /** GETQUOTA root. */
    public static final class GetQuota extends ImapProcessor<MailboxRequest> {
        public GetQuota() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(MailboxRequest request, ImapContext ctx) {
            Optional<Directory.Quota> quota = ctx.limits().quota(ctx.user());
            if (!request.mailbox().isEmpty() || quota.isEmpty()) {
                return Completion.no("NONEXISTENT", "No such quota root");
            }
            ctx.write(quotaLine(ctx, quota.get()));
            return Completion.ok("GETQUOTA completed");
        }
    }

    /** SETQUOTA: limits are set through the admin API. */
    public static final class SetQuota extends ImapProcessor<MailboxRequest> {
        public SetQuota() {
            super(SessionState.AUTHENTICATED, SessionState.SELECTED);
        }

        @Override
        protected Completion process(MailboxRequest request, ImapContext ctx) {
            return Completion.no("NOPERM", "Quotas are set by the administrator");
        }
    }

    static byte[] quotaLine(ImapContext ctx, Directory.Quota q) {
        MessageStore.Usage used = ctx.access().usage(ctx.user());
        StringBuilder resources = new StringBuilder();
        if (q.maxBytes() > 0) {
            resources.append("STORAGE ").append((used.bytes() + 1023) / 1024).append(' ').append(q.maxBytes() / 1024);
        }
        if (q.maxMessages() > 0) {
            resources.append(resources.length() > 0 ? " " : "").append("MESSAGE ").append(used.messages()).append(' ')
                    .append(q.maxMessages());
        }
        return new ResponseWriter().raw("* QUOTA").string("").raw("(" + resources + ")").crlf().toBytes();
    }

    /** Throws NO [OVERQUOTA] when adding these messages would exceed the account's quota. */
    static void checkRoom(ImapContext ctx, long bytes, int messages) {
        Optional<Directory.Quota> quota = ctx.limits().quota(ctx.user());
        if (quota.isEmpty()) {
            return;
        }
        MessageStore.Usage used = ctx.access().usage(ctx.user());
        Directory.Quota q = quota.get();
        if ((q.maxBytes() > 0 && used.bytes() + bytes > q.maxBytes())
                || (q.maxMessages() > 0 && used.messages() + messages > q.maxMessages())) {
            throw ImapException.no("OVERQUOTA", "Quota exceeded");
        }
    }
}

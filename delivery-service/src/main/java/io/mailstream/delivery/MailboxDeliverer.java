package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.HeaderSection;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.store.summary.MessageSummary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores one message for one local account, exactly once [Postfix virtual]. The message record's
 * id is {@code messageId/account}: when it exists the delivery is a no-op, so a record Kafka hands
 * out twice, or an alias reaching the same account twice, still shows once. The UID comes from the
 * mailbox's atomic counter; a UID taken by a delivery that then turns out to be a duplicate is
 * skipped, which IMAP allows (UIDs must increase, not be dense).
 *
 * <p>On an account's first delivery its INBOX and the RFC 6154 folders are created
 * ({@link MailboxStore#provision}); an INBOX, which is never renamed or deleted, is then
 * remembered for {@link #INBOX_TTL}. The stored message is {@code Return-Path:} and
 * {@code Delivered-To:} followed by the received bytes, as its own blob (see README, STORAGE).
 * An account over its quota gets nothing: the delivery is deferred (4.2.2) until
 * {@code mailstream.delivery.quota-grace} after acceptance, then bounced (5.2.2). The room is
 * taken atomically from the account's running usage total before the insert
 * ({@link MessageStore#reserve}) and given back when the copy is not stored, so instances racing
 * for the last room of one account never overshoot the quota.
 *
 * <p>Each copy's record carries the message's {@link MessageSummary} (envelope and MIME structure,
 * parsed once with Mime4j by {@link #summarize}), so IMAP answers ENVELOPE and BODYSTRUCTURE
 * without reading the body. The trace fields in front do not change it, except that the offsets of
 * its MIME parts are moved past them ({@link MessageSummary#storedAfter}): they refer to the bytes
 * stored, which IMAP slices for BODY[section].
 *
 * <p>Application-scoped so that it, and the stores it needs (which touch MongoDB when created), are
 * created on the first delivery, inside the consumer's retry, not when the consumer is created.
 */
@ApplicationScoped
public class MailboxDeliverer {

    private static final Logger LOG = Logger.getLogger(MailboxDeliverer.class);

    public enum Result { STORED, DUPLICATE, DEFERRED, BOUNCED }

    /**
     * What a delivery to one account did; {@code mailbox}, {@code uid} and {@code modSeq} are set
     * for STORED (mailbox also for DUPLICATE), {@code status} and {@code reason} for DEFERRED and BOUNCED.
     */
    public record Delivery(Result result, String account, Mailbox mailbox, long uid, long modSeq, String status,
            String reason) {

        static Delivery refused(Result result, String account, String status, String reason) {
            return new Delivery(result, account, null, 0, 0, status, reason);
        }
    }

    /** How long an account's INBOX is used without asking the store again. */
    static final Duration INBOX_TTL = Duration.ofSeconds(30);
    private static final int INBOX_ENTRIES = 10_000;

    private record KnownInbox(Mailbox mailbox, long until) {
    }

    private final Map<String, KnownInbox> inboxes = new ConcurrentHashMap<>();
    private final BlobStore blobs;
    private final MailboxStore mailboxes;
    private final MessageStore messages;
    private final Directory directory;
    private final Duration quotaGrace;

    @Inject
    public MailboxDeliverer(BlobStore blobs, MailboxStore mailboxes, MessageStore messages, Directory directory,
            @ConfigProperty(name = "mailstream.delivery.quota-grace", defaultValue = "1d") Duration quotaGrace) {
        this.blobs = blobs;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.directory = directory;
        this.quotaGrace = quotaGrace;
    }

    /** The idempotency key of one message in one account. */
    public static String deliveryId(LocalDelivery d, String account) {
        return d.messageId() + "/" + account;
    }

    /**
     * Delivers {@code original} (the bytes of {@code d.blobId()}) to {@code account}, an account key
     * the directory resolved {@code d.owner()} to. Throws {@link io.mailstream.store.StoreException}
     * (or a driver exception) when the store failed; a retry is safe.
     */
    public Delivery deliver(LocalDelivery d, String account, byte[] original, Instant now) {
        return deliver(d, account, original, summarize(original), now);
    }

    /**
     * The summary every copy of {@code original} stores; null when it is beyond the summary's
     * bounds (IMAP then parses the stored bytes). Never throws: the message is delivered regardless.
     */
    public static MessageSummary summarize(byte[] original) {
        try {
            return MessageSummarizer.summarize(original);
        } catch (RuntimeException e) {
            LOG.warnf("message stored without a summary: %s", e.toString());
            return null;
        }
    }

    /** {@link #deliver(LocalDelivery, String, byte[], Instant)} with the summary of {@code original} computed once. */
    public Delivery deliver(LocalDelivery d, String account, byte[] original, MessageSummary summary, Instant now) {
        try {
            return deliverTo(inbox(account), d, account, original, summary, now);
        } catch (RuntimeException e) {
            inboxes.remove(account); // whatever went wrong, ask the store again next time
            throw e;
        }
    }

    private Mailbox inbox(String account) {
        long now = System.nanoTime();
        KnownInbox known = inboxes.get(account);
        if (known != null && known.until() - now > 0) {
            return known.mailbox();
        }
        Mailbox inbox = mailboxes.provision(account);
        if (inboxes.size() >= INBOX_ENTRIES) {
            inboxes.clear();
        }
        inboxes.put(account, new KnownInbox(inbox, now + INBOX_TTL.toNanos()));
        return inbox;
    }

    private Delivery deliverTo(Mailbox inbox, LocalDelivery d, String account, byte[] original,
            MessageSummary summary, Instant now) {
        String id = deliveryId(d, account);
        if (messages.exists(id)) {
            return new Delivery(Result.DUPLICATE, account, inbox, 0, 0, "2.0.0", null);
        }
        byte[] raw = withTraceFields(d.sender(), account, original);
        Directory.Quota quota = directory.quota(account).orElse(Directory.Quota.UNLIMITED);
        boolean limited = quota.maxBytes() > 0 || quota.maxMessages() > 0; // unlimited: no reservation needed
        if (limited && !messages.reserve(account, raw.length, quota.maxBytes(), quota.maxMessages())) {
            String over = overQuota(messages.countedUsage(account), quota, raw.length);
            return now.isAfter(d.acceptedAt().plus(quotaGrace))
                    ? Delivery.refused(Result.BOUNCED, account, "5.2.2", "mailbox full: " + over
                            + ", still after " + quotaGrace)
                    : Delivery.refused(Result.DEFERRED, account, "4.2.2", "mailbox full: " + over);
        }
        StoredMessage stored;
        MailboxStore.Allocation next;
        try {
            String blobId = blobs.put(raw);
            next = mailboxes.allocateUid(inbox.id());
            stored = new StoredMessage(id, inbox.id(), next.uid(), next.modSeq(), Set.of(), Date.from(d.acceptedAt()),
                    raw.length, blobId, d.messageId(), account, HeaderSection.of(raw),
                    summary == null ? null : summary.storedAfter(raw.length - original.length));
        } catch (RuntimeException e) {
            if (limited) {
                try {
                    messages.release(account, raw.length);
                } catch (RuntimeException again) {
                    e.addSuppressed(again); // the total counts one copy too many until recounted
                }
            }
            throw e;
        }
        if (!(limited ? messages.insertReserved(stored) : messages.insert(stored))) {
            return new Delivery(Result.DUPLICATE, account, inbox, 0, 0, "2.0.0", null);
        }
        return new Delivery(Result.STORED, account, inbox, next.uid(), next.modSeq(), "2.0.0", null);
    }

    /** Why {@code size} more octets do not fit into {@code usage}, for the trace. */
    private static String overQuota(MessageStore.Usage usage, Directory.Quota quota, long size) {
        if (quota.maxMessages() > 0 && usage.messages() + 1 > quota.maxMessages()) {
            return usage.messages() + " of " + quota.maxMessages() + " messages";
        }
        if (quota.maxBytes() > 0 && usage.bytes() + size > quota.maxBytes()) {
            return usage.bytes() + " + " + size + " octets exceed " + quota.maxBytes();
        }
        return "no room left"; // taken by a delivery racing this one
    }

    /**
     * The message as the account stores it: the envelope sender ({@code <>} for the null sender)
     * and the final recipient in front of the received bytes, as a local delivery agent writes them.
     */
    static byte[] withTraceFields(String sender, String account, byte[] original) {
        byte[] returnPath = ("Return-Path: <" + oneLine(sender) + ">\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] rest = DeliveredTo.prepend(account, original);
        ByteArrayOutputStream out = new ByteArrayOutputStream(returnPath.length + rest.length);
        out.writeBytes(returnPath);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\x00-\\x1f\\x7f<>]", "");
    }
}

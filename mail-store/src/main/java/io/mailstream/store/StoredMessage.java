package io.mailstream.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.mailstream.store.summary.MessageSummary;

import org.bson.Document;

/**
 * A message in a mailbox: what IMAP and POP3 need without reading the body, plus the blob id of
 * the raw bytes.
 *
 * @param id        the delivery id ({@code messageId/owner}); unique, so a repeated delivery is a no-op
 * @param header    the message's header section as delivered (for ENVELOPE, header FETCH, SEARCH)
 * @param size      size in octets of the stored message (RFC822.SIZE)
 * @param summary   envelope and MIME structure computed at delivery, or null (a record written
 *                  before summaries, an APPENDed message, a header beyond the summary's bounds)
 */
public record StoredMessage(String id, String mailboxId, long uid, long modSeq, Set<String> flags, Date internalDate,
        long size, String blobId, String messageId, String owner, String header, MessageSummary summary) {

    public StoredMessage {
        flags = Set.copyOf(flags);
    }

    /** A record without a summary. */
    public StoredMessage(String id, String mailboxId, long uid, long modSeq, Set<String> flags, Date internalDate,
            long size, String blobId, String messageId, String owner, String header) {
        this(id, mailboxId, uid, modSeq, flags, internalDate, size, blobId, messageId, owner, header, null);
    }

    Document toDocument() {
        Document d = new Document("_id", id).append("mailboxId", mailboxId).append("uid", uid).append("modSeq", modSeq)
                .append("flags", new ArrayList<>(new TreeSet<>(flags))).append("internalDate", internalDate)
                .append("size", size).append("blobId", blobId).append("messageId", messageId).append("owner", owner)
                .append("header", header);
        if (summary != null) {
            d.append("summary", summary.toDocument());
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    static StoredMessage from(Document d) {
        List<String> flags = d.get("flags", List.class);
        return new StoredMessage(d.getString("_id"), d.getString("mailboxId"), ((Number) d.get("uid")).longValue(),
                ((Number) d.get("modSeq")).longValue(), flags == null ? Set.of() : Set.copyOf(flags),
                d.getDate("internalDate"), ((Number) d.get("size")).longValue(), d.getString("blobId"),
                d.getString("messageId"), d.getString("owner"), d.getString("header"),
                MessageSummary.fromDocument(d.get("summary", Document.class)));
    }

    public StoredMessage withFlags(Set<String> newFlags, long newModSeq) {
        return new StoredMessage(id, mailboxId, uid, newModSeq, newFlags, internalDate, size, blobId, messageId, owner,
                header, summary);
    }
}

package io.mailstream.store;

import org.bson.Document;

/**
 * One mailbox of one user, with the counters IMAP needs.
 *
 * @param uidNext       the UID the next delivered message gets
 * @param highestModSeq the highest MODSEQ given to any change in this mailbox
 * @param specialUse    RFC 6154 attribute such as {@code \Sent}, or null
 * @param recentUid     the highest UID some IMAP session has already been given as {@code \Recent}
 *                      (see {@link MailboxStore#claimRecent}); 0 before the first SELECT
 */
public record Mailbox(String id, String owner, String name, long uidValidity, long uidNext, long highestModSeq,
        String specialUse, long recentUid) {

    public static final String INBOX = "INBOX";

    public Mailbox(String id, String owner, String name, long uidValidity, long uidNext, long highestModSeq,
            String specialUse) {
        this(id, owner, name, uidValidity, uidNext, highestModSeq, specialUse, 0);
    }

    static Mailbox from(Document d) {
        return new Mailbox(d.getString("_id"), d.getString("owner"), d.getString("name"),
                ((Number) d.get("uidValidity")).longValue(), ((Number) d.get("uidNext")).longValue(),
                ((Number) d.get("highestModSeq")).longValue(), d.getString("specialUse"),
                d.get("recentUid") instanceof Number n ? n.longValue() : 0);
    }
}

package io.mailstream.store;

import org.bson.Document;

/**
 * One mailbox of one user, with the counters IMAP needs.
 *
 * @param uidNext       the UID the next delivered message gets
 * @param highestModSeq the highest MODSEQ given to any change in this mailbox
 * @param specialUse    RFC 6154 attribute such as {@code \Sent}, or null
 */
public record Mailbox(String id, String owner, String name, long uidValidity, long uidNext, long highestModSeq,
        String specialUse) {

    public static final String INBOX = "INBOX";

    static Mailbox from(Document d) {
        return new Mailbox(d.getString("_id"), d.getString("owner"), d.getString("name"),
                ((Number) d.get("uidValidity")).longValue(), ((Number) d.get("uidNext")).longValue(),
                ((Number) d.get("highestModSeq")).longValue(), d.getString("specialUse"));
    }
}

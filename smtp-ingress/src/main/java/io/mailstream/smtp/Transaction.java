package io.mailstream.smtp;

import io.mailstream.core.Envelope;
import io.mailstream.core.MailAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mail transaction, from MAIL FROM to the end of DATA: it is thrown away on RSET, EHLO/HELO,
 * after DATA, and on any failure to queue, so nothing of one message leaks into the next.
 */
public final class Transaction {

    /** BODY parameter of MAIL FROM (RFC 6152). */
    public enum BodyType { SEVEN_BIT, EIGHT_BIT_MIME }

    private final String sender;
    private final long declaredSize;
    private final BodyType bodyType;
    private final Map<String, String> recipients = new LinkedHashMap<>();
    private int recipientAttempts;

    /** @param sender the reverse path, empty for the null sender {@code <>} */
    public Transaction(String sender, long declaredSize, BodyType bodyType) {
        this.sender = sender;
        this.declaredSize = declaredSize;
        this.bodyType = bodyType;
    }

    public String sender() {
        return sender;
    }

    /** The SIZE parameter, or -1 if the client gave none. */
    public long declaredSize() {
        return declaredSize;
    }

    public BodyType bodyType() {
        return bodyType;
    }

    /** Counts every RCPT, accepted or not, so DATA can tell "none given" from "all refused". */
    public void countRecipientAttempt() {
        recipientAttempts++;
    }

    public int recipientAttempts() {
        return recipientAttempts;
    }

    /** Adds an accepted recipient; a second RCPT for the same mailbox (any case) is not added again. */
    public void addRecipient(MailAddress address) {
        recipients.putIfAbsent(address.key(), address.toString());
    }

    public boolean hasRecipient(MailAddress address) {
        return recipients.containsKey(address.key());
    }

    public int recipientCount() {
        return recipients.size();
    }

    public List<String> recipients() {
        return new ArrayList<>(recipients.values());
    }

    public Envelope envelope() {
        return new Envelope(sender, recipients());
    }
}

package io.mailstream.smtp;

import io.mailstream.core.Envelope;
import io.mailstream.core.MailAddress;
import io.mailstream.core.event.MessageAccepted.RecipientDsn;

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

    /** MAIL FROM parameters beyond SIZE and BODY: SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461). */
    public record Options(boolean smtpUtf8, String dsnRet, String dsnEnvid) {
        public static final Options NONE = new Options(false, null, null);
    }

    private final String sender;
    private final long declaredSize;
    private final BodyType bodyType;
    private final Options options;
    private final Map<String, String> recipients = new LinkedHashMap<>();
    private final Map<String, RecipientDsn> recipientDsn = new LinkedHashMap<>();
    private int recipientAttempts;
    private boolean chunked;

    /** @param sender the reverse path, empty for the null sender {@code <>} */
    public Transaction(String sender, long declaredSize, BodyType bodyType) {
        this(sender, declaredSize, bodyType, Options.NONE);
    }

    public Transaction(String sender, long declaredSize, BodyType bodyType, Options options) {
        this.sender = sender;
        this.declaredSize = declaredSize;
        this.bodyType = bodyType;
        this.options = options;
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

    public Options options() {
        return options;
    }

    public boolean smtpUtf8() {
        return options.smtpUtf8();
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

    /** Adds an accepted recipient with its DSN parameters (NOTIFY, ORCPT; either may be null). */
    public void addRecipient(MailAddress address, String notify, String orcpt) {
        addRecipient(address);
        if ((notify != null || orcpt != null) && !recipientDsn.containsKey(address.key())) {
            recipientDsn.put(address.key(), new RecipientDsn(recipients.get(address.key()), notify, orcpt));
        }
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

    public List<RecipientDsn> recipientDsn() {
        return new ArrayList<>(recipientDsn.values());
    }

    /** A BDAT chunk was received: DATA may no longer be used in this transaction (RFC 3030 §3). */
    public void markChunked() {
        chunked = true;
    }

    public boolean chunked() {
        return chunked;
    }

    public Envelope envelope() {
        return new Envelope(sender, recipients());
    }
}

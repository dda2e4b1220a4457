package io.mailstream.relay.outbound;

import io.mailstream.core.event.MessageAccepted;

import java.time.Instant;
import java.util.List;

/**
 * One message's recipients at one remote domain, as kept in the {@code queue} collection:
 * the unit of delivery, retry and operator inspection [Postfix: a queue file's recipients for one
 * destination].
 *
 * @param id            {@code messageId/domain}
 * @param state         ACTIVE (new or being attempted), DEFERRED (waiting for nextAttemptAt), DONE
 * @param nextAttemptAt when the retry scheduler may take it
 * @param lease         who holds it for an attempt (null when nobody does)
 * @param smtpUtf8      the message needs SMTPUTF8
 * @param dsnRet        DSN RET of the message or null; {@code dsnEnvid} its ENVID (xtext) or null
 * @param recipientDsn  DSN NOTIFY/ORCPT of the recipients that had them
 * @param delayNotified a delay DSN was sent for this entry (at most one is)
 * @param bounceRequested an operator asked to bounce the open recipients at the next attempt
 * @param localFailures attempts in a row that failed on our side (store, broker) before any result;
 *                      they are not counted in {@code attempts}
 * @param lastLocalFailure what the last of those was, null when none
 */
public record QueueEntry(String id, String messageId, String blobId, long size, String sender, String domain,
        Instant acceptedAt, State state, int attempts, Instant nextAttemptAt, Instant lastAttemptAt,
        String lease, List<RecipientState> recipients, boolean smtpUtf8, String dsnRet, String dsnEnvid,
        List<MessageAccepted.RecipientDsn> recipientDsn, boolean delayNotified, boolean bounceRequested,
        int localFailures, String lastLocalFailure) {

    public enum State { ACTIVE, DEFERRED, DONE }

    public QueueEntry {
        recipients = List.copyOf(recipients);
        recipientDsn = recipientDsn == null ? List.of() : List.copyOf(recipientDsn);
    }

    /** The NOTIFY value of a recipient (comma list, or NEVER), null when the sender gave none. */
    public String notifyOn(String recipient) {
        return dsnOf(recipient).map(MessageAccepted.RecipientDsn::notifyOn).orElse(null);
    }

    public String orcpt(String recipient) {
        return dsnOf(recipient).map(MessageAccepted.RecipientDsn::orcpt).orElse(null);
    }

    private java.util.Optional<MessageAccepted.RecipientDsn> dsnOf(String recipient) {
        return recipientDsn.stream().filter(d -> d.recipient().equals(recipient)).findFirst();
    }

    public static String id(String messageId, String domain) {
        return messageId + "/" + domain;
    }

    public List<RecipientState> open() {
        return recipients.stream().filter(RecipientState::isOpen).toList();
    }
}

package io.mailstream.mailbox.pop3;

import io.mailstream.store.BlobStore;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/** Puts messages into a user's INBOX the way delivery-service does, for the tests. */
public final class Mail {

    private Mail() {
    }

    /** A small CRLF message whose body has the given lines. */
    public static byte[] message(String subject, String... bodyLines) {
        StringBuilder sb = new StringBuilder()
                .append("From: sender@remote.test\r\n")
                .append("To: someone@pop3.test\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(UUID.randomUUID()).append("@remote.test>\r\n")
                .append("\r\n");
        for (String line : bodyLines) {
            sb.append(line).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static StoredMessage deliver(BlobStore blobs, MailboxStore mailboxes, MessageStore messages, String owner,
            byte[] raw) {
        String blobId = blobs.put(raw);
        Mailbox inbox = mailboxes.ensure(owner, Mailbox.INBOX, null);
        MailboxStore.Allocation a = mailboxes.allocateUid(inbox.id());
        String messageId = UUID.randomUUID().toString();
        String text = new String(raw, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        StoredMessage m = new StoredMessage(messageId + "/" + owner, inbox.id(), a.uid(), a.modSeq(), Set.of(),
                new Date(), raw.length, blobId, messageId, owner, headerEnd < 0 ? text : text.substring(0, headerEnd + 2));
        if (!messages.insert(m)) {
            throw new IllegalStateException("duplicate delivery");
        }
        return m;
    }
}

package io.mailstream.mailbox.imap;

import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.MessageSummarizer;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;

/** Creates accounts and delivers messages straight into the store, as delivery-service would. */
final class MailSeed {

    final Directory directory;
    final MailboxStore mailboxes;
    final MessageStore messages;
    final BlobStore blobs;

    MailSeed(Directory directory, MailboxStore mailboxes, MessageStore messages, BlobStore blobs) {
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.blobs = blobs;
    }

    void user(String address, String password) {
        directory.addDomain(address.substring(address.indexOf('@') + 1));
        directory.addUser(address, password);
    }

    Mailbox mailbox(String owner, String name) {
        return mailboxes.ensure(owner, name, null);
    }

    /** Whether records get the summary delivery stores (so IMAP tests exercise it); off: as older records. */
    boolean summaries = true;

    /** Delivers raw bytes (CRLF line ends expected) to a mailbox and returns the UID. */
    long deliver(String owner, String mailboxName, String raw, Date internalDate, Set<String> flags) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        Mailbox box = mailbox(owner, mailboxName);
        String blobId = blobs.put(bytes);
        MailboxStore.Allocation a = mailboxes.allocateUid(box.id());
        int headerEnd = raw.indexOf("\r\n\r\n");
        String header = headerEnd < 0 ? raw : raw.substring(0, headerEnd + 4);
        String messageId = "m" + System.nanoTime();
        messages.insert(new StoredMessage(messageId + "/" + owner, box.id(), a.uid(), a.modSeq(), flags, internalDate,
                bytes.length, blobId, messageId, owner, header, summaries ? MessageSummarizer.summarize(bytes) : null));
        return a.uid();
    }

    long deliver(String owner, String raw) {
        return deliver(owner, Mailbox.INBOX, raw, new Date(), Set.of());
    }
}

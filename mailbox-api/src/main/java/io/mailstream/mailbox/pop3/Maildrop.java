package io.mailstream.mailbox.pop3;

import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The snapshot of a user's INBOX taken at login (RFC 1939: message numbers stay fixed for the
 * session), with the deletion marks of the session. Marks only become deletions at QUIT.
 */
public final class Maildrop {

    private final Mailbox mailbox;
    private final List<StoredMessage> messages;
    private final boolean[] deleted;

    public Maildrop(Mailbox mailbox, List<StoredMessage> messages) {
        this.mailbox = mailbox;
        this.messages = List.copyOf(messages);
        this.deleted = new boolean[this.messages.size()];
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** Messages not marked deleted. */
    public int count() {
        int n = 0;
        for (boolean d : deleted) {
            n += d ? 0 : 1;
        }
        return n;
    }

    /** Octets of the messages not marked deleted. */
    public long octets() {
        long sum = 0;
        for (int i = 0; i < messages.size(); i++) {
            sum += deleted[i] ? 0 : messages.get(i).size();
        }
        return sum;
    }

    /** Highest message number of the snapshot, deleted or not. */
    public int size() {
        return messages.size();
    }

    public boolean exists(int number) {
        return number >= 1 && number <= messages.size();
    }

    public boolean isDeleted(int number) {
        return deleted[number - 1];
    }

    /** The message with this number if it exists and is not marked deleted. */
    public Optional<StoredMessage> live(int number) {
        return exists(number) && !isDeleted(number) ? Optional.of(messages.get(number - 1)) : Optional.empty();
    }

    public void markDeleted(int number) {
        deleted[number - 1] = true;
    }

    public void unmarkAll() {
        java.util.Arrays.fill(deleted, false);
    }

    /** UIDs of the messages marked deleted, for the UPDATE state. */
    public List<Long> markedUids() {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (deleted[i]) {
                uids.add(messages.get(i).uid());
            }
        }
        return uids;
    }

    /**
     * RFC 1939 unique-id: the UID and the mailbox's UIDVALIDITY in hex (the scheme Dovecot uses by
     * default), so it is printable, 16 characters, the same in every session and unique within
     * the maildrop for as long as the mailbox exists.
     */
    public String uniqueId(int number) {
        return hex8(messages.get(number - 1).uid()) + hex8(mailbox.uidValidity());
    }

    /** {@code %08x} without a formatter (UIDL lists every message). */
    private static String hex8(long value) {
        String hex = Long.toHexString(value);
        return hex.length() >= 8 ? hex : "0".repeat(8 - hex.length()) + hex;
    }
}

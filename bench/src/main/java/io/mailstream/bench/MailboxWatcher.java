package io.mailstream.bench;

import java.io.IOException;

/** Counts a user's INBOX over IMAP STATUS: how a benchmark sees that mail has been delivered. */
final class MailboxWatcher {

    private final Target target;
    private final String user;
    private final String password;

    MailboxWatcher(Target target, String user, String password) {
        this.target = target;
        this.user = user;
        this.password = password;
    }

    long count() throws IOException {
        try (ImapClient imap = new ImapClient(target.host(), target.imapPort())) {
            imap.login(user, password);
            long n = status(imap);
            imap.logout();
            return n;
        }
    }

    /**
     * Polls until the INBOX holds at least {@code expected} messages or the deadline passes;
     * returns System.nanoTime() when it was first seen, or -1 on timeout.
     */
    long awaitCount(long expected, long deadlineNanos, long pollMillis) throws IOException, InterruptedException {
        try (ImapClient imap = new ImapClient(target.host(), target.imapPort())) {
            imap.login(user, password);
            while (System.nanoTime() < deadlineNanos) {
                if (status(imap) >= expected) {
                    long seen = System.nanoTime();
                    imap.logout();
                    return seen;
                }
                Thread.sleep(pollMillis);
            }
            imap.logout();
            return -1;
        }
    }

    private static long status(ImapClient imap) throws IOException {
        ImapClient.Reply r = imap.command("STATUS INBOX (MESSAGES)");
        if (!r.ok()) {
            throw new IOException("STATUS failed: " + r.text());
        }
        return ImapClient.statusMessages(r);
    }
}

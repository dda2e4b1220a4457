package io.mailstream.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts, over IMAP, which of a run's messages each account's INBOX holds, by Message-ID (from
 * FETCH ENVELOPE, so nothing is marked \Seen). One logged-in session per account, kept open while
 * waiting for delivery to drain, so that polling costs no password hashing.
 */
final class MailboxCensus implements Closeable {

    private final Map<String, ImapClient> sessions = new HashMap<>();
    private final ScaleOutMail mail;

    MailboxCensus(String host, int port, List<String> accounts, String password, ScaleOutMail mail) throws IOException {
        this.mail = mail;
        try {
            for (String account : accounts) {
                ImapClient imap = new ImapClient(host, port);
                sessions.put(account, imap);
                imap.login(account, password);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The messages in all the INBOXes together (STATUS MESSAGES). */
    long total() throws IOException {
        long sum = 0;
        for (ImapClient imap : sessions.values()) {
            long n = ImapClient.statusMessages(imap.command("STATUS INBOX (MESSAGES)"));
            if (n < 0) {
                throw new IOException("STATUS INBOX gave no MESSAGES count");
            }
            sum += n;
        }
        return sum;
    }

    /**
     * Polls {@link #total()} until it reaches {@code expected}, stops growing for {@code stallSeconds},
     * or {@code timeoutSeconds} pass; returns the last total.
     */
    long awaitDrain(long expected, int stallSeconds, int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = total();
            if (now != last) {
                System.err.printf("[scale-out] in the mailboxes: %,d of %,d copies%n", now, expected);
                last = now;
                lastChange = System.nanoTime();
            }
            if (now >= expected || System.nanoTime() > deadline
                    || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                return now;
            }
            Thread.sleep(2000);
        }
    }

    /** For each account: message number → copies of it in the INBOX. */
    Map<String, Map<Integer, Integer>> count() throws IOException {
        Map<String, Map<Integer, Integer>> out = new HashMap<>();
        for (Map.Entry<String, ImapClient> e : sessions.entrySet()) {
            ImapClient imap = e.getValue();
            Map<Integer, Integer> copies = new HashMap<>();
            ImapClient.Reply examine = imap.command("EXAMINE INBOX");
            if (!examine.ok()) {
                throw new IOException("EXAMINE INBOX of " + e.getKey() + ": " + examine.text());
            }
            if (imap.exists() > 0) {
                ImapClient.Reply fetch = imap.command("FETCH 1:* (ENVELOPE)");
                if (!fetch.ok()) {
                    throw new IOException("FETCH ENVELOPE of " + e.getKey() + ": " + fetch.text());
                }
                for (String line : fetch.untagged()) {
                    int n = mail.numberIn(line);
                    if (n >= 0) {
                        copies.merge(n, 1, Integer::sum);
                    }
                }
            }
            imap.command("CLOSE");
            out.put(e.getKey(), copies);
        }
        return out;
    }

    @Override
    public void close() {
        for (ImapClient imap : new ArrayList<>(sessions.values())) {
            imap.logout();
            imap.close();
        }
        sessions.clear();
    }
}

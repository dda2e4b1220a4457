package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.access.MailboxChanges;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.mailbox.imap.process.SessionPolicy;
import io.mailstream.store.Authenticator;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IMAP sessions in memory over the real store (the Mongo-wire server, a fresh database per
 * harness), with C:/S: transcripts: {@code C: } lines are sent (with CRLF) one read each, then the
 * output is compared with the {@code S: } lines that follow (exact) or {@code S~ } lines (regex).
 */
final class ImapHarness {

    private static MongoClient client;

    final MailSeed seed;
    final MailboxAccess access;
    final Directory directory;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ImapCommands commands = new ImapCommands();
    final Authenticator authenticator;
    final IdleRegistry idle = new IdleRegistry();
    ImapLimits limits = ImapLimits.defaults();
    SessionPolicy policy = SessionPolicy.defaults();
    AccountLimits accounts;

    ImapHarness() {
        synchronized (ImapHarness.class) {
            if (client == null) {
                client = MongoClients.create(EmbeddedMongo.start());
            }
        }
        MongoDatabase db = StoreDatabase.open(client, "imap" + System.nanoTime());
        directory = new Directory(db);
        MailboxStore mailboxes = new MailboxStore(db);
        MessageStore messages = new MessageStore(db);
        BlobStore blobs = new BlobStore(db);
        seed = new MailSeed(directory, mailboxes, messages, blobs);
        access = new MailboxAccess(mailboxes, messages, blobs, MailboxChanges.local());
        access.changes().addListener(idle::changed);
        authenticator = new Authenticator(directory, 10, Duration.ofMinutes(5));
        accounts = new AccountLimits(directory::quota, 5);
    }

    Client connect() {
        return connect(new MemoryConnection());
    }

    /** Wake-ups run at once on the thread that made the change, so transcripts stay deterministic. */
    Client connect(MemoryConnection c) {
        ImapServices services = new ImapServices(commands, access, authenticator, idle, Runnable::run,
                new ImapMetrics(registry), limits, policy, accounts);
        ImapSession session = new ImapSession(c, services);
        session.onConnect();
        return new Client(session, c);
    }

    /** Connects and logs in; the greeting and login response are consumed. */
    Client login(String user, String password) {
        Client c = connect();
        c.take();
        assertThat(c.send("L0 LOGIN " + user + " " + password + "\r\n")).contains("L0 OK");
        return c;
    }

    static final class Client {
        final ImapSession session;
        final MemoryConnection connection;

        Client(ImapSession session, MemoryConnection connection) {
            this.session = session;
            this.connection = connection;
        }

        /** Feeds bytes as one read and returns what the server wrote in response. */
        String send(String text) {
            return send(text.getBytes(StandardCharsets.UTF_8));
        }

        String send(byte[] bytes) {
            session.onData(bytes);
            return connection.take();
        }

        String take() {
            return connection.take();
        }

        boolean closed() {
            return connection.closed();
        }

        /** Runs a C:/S: transcript against this session. */
        void run(String transcript) {
            List<String> lines = new ArrayList<>();
            for (String l : transcript.split("\n", -1)) {
                lines.add(l.equals("C:") ? "C: " : l); // an empty command line
            }
            int i = 0;
            while (i < lines.size()) {
                StringBuilder sent = new StringBuilder();
                StringBuilder out = new StringBuilder();
                while (i < lines.size() && lines.get(i).startsWith("C: ")) {
                    String line = lines.get(i++).substring(3) + "\r\n";
                    sent.append(line);
                    out.append(send(line));
                }
                List<String> expected = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).startsWith("C: ")) {
                    String l = lines.get(i++);
                    if (l.equals("S:")) {
                        l = "S: "; // an empty response line (text blocks strip trailing spaces)
                    }
                    if (l.startsWith("S: ") || l.startsWith("S~ ")) {
                        expected.add(l);
                    }
                }
                if (sent.length() == 0) {
                    out.append(take());
                }
                check(sent.toString(), out.toString(), expected);
            }
        }

        private static void check(String sent, String output, List<String> expected) {
            List<String> actual = new ArrayList<>(List.of(output.split("\r\n", -1)));
            if (!actual.isEmpty() && actual.get(actual.size() - 1).isEmpty()) {
                actual.remove(actual.size() - 1);
            }
            String context = "after sending:\n" + sent + "\nserver wrote:\n" + output;
            assertThat(actual).as(context).hasSameSizeAs(expected);
            for (int n = 0; n < expected.size(); n++) {
                String want = expected.get(n);
                String got = actual.get(n);
                if (want.startsWith("S~ ")) {
                    assertThat(Pattern.compile(want.substring(3)).matcher(got).matches())
                            .as(context + "\nline " + n + " should match " + want.substring(3)).isTrue();
                } else {
                    assertThat(got).as(context).isEqualTo(want.substring(3));
                }
            }
        }
    }
}

package io.mailstream.mailbox.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.store.Authenticator;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoreException;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.EmbeddedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The POP3 state machine in memory (no sockets) against the real store on the Mongo-wire server:
 * fragments, pipelining, every command, the state rules, dot-stuffing and the UPDATE semantics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pop3SessionTest {

    private static final String PASSWORD = "correct horse";

    private MongoClient client;
    private MongoDatabase db;
    private Directory directory;
    private MailboxAccess access;
    private Authenticator authenticator;
    private MailboxStore mailboxes;
    private MessageStore messages;
    private BlobStore blobs;
    private MaildropService service;
    private SimpleMeterRegistry registry;
    private int users;

    private String user;
    private List<StoredMessage> seeded;
    private MemoryConnection conn;
    private Pop3Session session;

    @BeforeAll
    void store() {
        client = MongoClients.create(EmbeddedMongo.start());
        db = StoreDatabase.open(client, "pop3session" + System.nanoTime());
        directory = new Directory(db);
        mailboxes = new MailboxStore(db);
        messages = new MessageStore(db);
        blobs = new BlobStore(db);
        access = new MailboxAccess(mailboxes, messages, blobs);
        authenticator = new Authenticator(directory, 1000, Duration.ofMinutes(5));
        service = serviceOn("instance-a", Clock.systemUTC());
        directory.addDomain("pop3.test");
    }

    @AfterAll
    void closeStore() {
        client.close();
    }

    /** A fresh user with three messages, and a connected session. */
    @BeforeEach
    void newUserAndSession() {
        user = "user" + (++users) + "@pop3.test";
        directory.addUser(user, PASSWORD);
        seeded = List.of(
                deliver(Mail.message("first", "hello", "world")),
                deliver(Mail.message("second", ".leading dot", ".", "..two dots", "end")),
                deliver(Mail.message("third", "a", "b", "c", "d")));
        registry = new SimpleMeterRegistry();
        conn = new MemoryConnection();
        session = newSession(service);
    }

    /** A service with its own lock holder, as another mailbox-api instance would have. */
    private MaildropService serviceOn(String instance, Clock clock) {
        return new MaildropService(authenticator, access, blobs,
                new MaildropLocks(db, instance, Duration.ofMinutes(2), clock));
    }

    private Pop3Session newSession(MaildropService s) {
        return newSession(s, conn, true);
    }

    private Pop3Session newSession(MaildropService s, MemoryConnection c, boolean allowPlaintextLoopback) {
        Pop3Session p = new Pop3Session(c, s, Pop3Commands.standard(), new Pop3Metrics(registry), "mx.pop3.test",
                allowPlaintextLoopback);
        p.onConnect();
        return p;
    }

    private StoredMessage deliver(byte[] raw) {
        return Mail.deliver(blobs, mailboxes, messages, user, raw);
    }

    private String send(String text) {
        session.onData(text.getBytes(StandardCharsets.UTF_8));
        return conn.take();
    }

    private void login() {
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).isEqualTo(
                "+OK send PASS\r\n+OK maildrop has 3 messages (" + octets(seeded) + " octets)\r\n");
    }

    private static long octets(List<StoredMessage> ms) {
        return ms.stream().mapToLong(StoredMessage::size).sum();
    }

    private String stuffed(int index) {
        String raw = new String(blobs.get(seeded.get(index).blobId()).orElseThrow(), StandardCharsets.UTF_8);
        return raw.replace("\r\n.", "\r\n..");
    }

    private List<Long> storedUids() {
        Mailbox inbox = mailboxes.find(user, Mailbox.INBOX).orElseThrow();
        return messages.list(inbox.id()).stream().map(StoredMessage::uid).toList();
    }

    // --- greeting, authorization ---

    @Test
    void greetsWithoutApopTimestamp() {
        conn = new MemoryConnection();
        session = newSession(service);
        assertThat(conn.take()).isEqualTo("+OK Mailstream POP3 server ready on mx.pop3.test\r\n");
    }

    @Test
    void commandsSplitAcrossFragmentsAreAssembled() {
        conn.take();
        for (String part : List.of("US", "ER ", user, "\r", "\nPA", "SS ", PASSWORD, "\r\nST", "AT\r", "\n")) {
            session.onData(part.getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(conn.take()).isEqualTo("+OK send PASS\r\n+OK maildrop has 3 messages (" + octets(seeded)
                + " octets)\r\n+OK 3 " + octets(seeded) + "\r\n");
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        conn.take();
        String out = send("CAPA\r\nUSER " + user + "\r\nPASS " + PASSWORD + "\r\nSTAT\r\nDELE 1\r\nLIST 1\r\nSTAT\r\n"
                + "QUIT\r\nNOOP\r\n");
        assertThat(out).startsWith("+OK capability list follows\r\n")
                .contains(".\r\n+OK send PASS\r\n+OK maildrop has 3 messages")
                .endsWith("+OK 3 " + octets(seeded) + "\r\n"
                        + "+OK message 1 deleted\r\n"
                        + "-ERR message 1 already deleted\r\n"
                        + "+OK 2 " + octets(seeded.subList(1, 3)) + "\r\n"
                        + "+OK Mailstream POP3 server signing off (2 messages left)\r\n");
        assertThat(conn.closed()).isTrue();
        assertThat(storedUids()).containsExactly(seeded.get(1).uid(), seeded.get(2).uid());
    }

    @Test
    void userLoginIsCaseInsensitiveAndPasswordMayContainSpaces() {
        conn.take();
        assertThat(send("user " + user.toUpperCase() + "\r\n")).isEqualTo("+OK send PASS\r\n");
        assertThat(send("pass " + PASSWORD + "\r\n")).startsWith("+OK maildrop has 3 messages");
        assertThat(session.state()).isEqualTo(Pop3State.TRANSACTION);
        assertThat(registry.counter("mailstream.pop3.logins", "result", "success").count()).isEqualTo(1);
    }

    @Test
    void passWithoutUserIsRefused() {
        conn.take();
        assertThat(send("PASS " + PASSWORD + "\r\n")).isEqualTo("-ERR send USER first\r\n");
        assertThat(send("USER\r\n")).isEqualTo("-ERR syntax error in arguments\r\n");
    }

    @Test
    void threeFailedLoginsCloseTheSession() {
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS wrong\r\n")).endsWith("-ERR [AUTH] invalid user name or password\r\n");
        assertThat(send("PASS " + PASSWORD + "\r\n")).as("a failed PASS needs a new USER")
                .isEqualTo("-ERR send USER first\r\n");
        assertThat(send("USER nobody@pop3.test\r\nPASS " + PASSWORD + "\r\n")).endsWith("-ERR [AUTH] invalid user name or password\r\n");
        assertThat(conn.closed()).isFalse();
        assertThat(send("USER " + user + "\r\nPASS wrong again\r\nUSER " + user + "\r\n"))
                .isEqualTo("+OK send PASS\r\n-ERR [AUTH] too many failed logins, closing\r\n");
        assertThat(conn.closed()).isTrue();
        assertThat(registry.counter("mailstream.pop3.logins", "result", "failure").count()).isEqualTo(3);
    }

    @Test
    void disabledAccountCannotLogIn() {
        directory.setDisabled(user, true);
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith("-ERR [AUTH] invalid user name or password\r\n");
        assertThat(send("AUTH PLAIN " + plain("", user, PASSWORD) + "\r\n"))
                .isEqualTo("-ERR [AUTH] invalid user name or password\r\n");
        directory.setDisabled(user, false);
        assertThat(send("AUTH PLAIN " + plain("", user, PASSWORD) + "\r\n")).startsWith("+OK maildrop has 3");
    }

    @Test
    void apopIsNotSupported() {
        conn.take();
        assertThat(send("APOP " + user + " c4c9334bac560ecc979e58001b3e22fb\r\n")).isEqualTo("-ERR APOP not supported\r\n");
    }

    @Test
    void capaListsTheCapabilitiesInBothStates() {
        conn.take();
        String expected = "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\nRESP-CODES\r\n"
                + "AUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nIMPLEMENTATION Mailstream\r\n.\r\n";
        assertThat(send("CAPA\r\n")).isEqualTo(expected);
        login();
        assertThat(send("CAPA\r\n")).isEqualTo(expected);
    }

    @Test
    void transactionCommandsAreRefusedBeforeLogin() {
        conn.take();
        for (String cmd : List.of("STAT", "LIST", "UIDL", "RETR 1", "TOP 1 0", "DELE 1", "RSET", "NOOP",
                "stat", "Retr 1")) {
            assertThat(send(cmd + "\r\n")).as(cmd).isEqualTo("-ERR command not valid in this state\r\n");
        }
    }

    @Test
    void authorizationCommandsAreRefusedAfterLogin() {
        login();
        assertThat(send("USER " + user + "\r\n")).isEqualTo("-ERR command not valid in this state\r\n");
        assertThat(send("PASS x\r\n")).isEqualTo("-ERR command not valid in this state\r\n");
        assertThat(send("APOP a b\r\n")).isEqualTo("-ERR command not valid in this state\r\n");
        assertThat(send("AUTH PLAIN\r\n")).isEqualTo("-ERR command not valid in this state\r\n");
        assertThat(send("STLS\r\n")).isEqualTo("-ERR command not valid in this state\r\n");
    }

    @Test
    void unknownAndEmptyCommandsGetErr() {
        conn.take();
        assertThat(send("XYZZY\r\n\r\nXTND XMIT\r\n")).isEqualTo("-ERR unknown command\r\n-ERR unknown command\r\n"
                + "-ERR unknown command\r\n");
    }

    @Test
    void overlongLineGetsErrAndTheSessionContinues() {
        conn.take();
        String longLine = "USER " + "a".repeat(300) + "\r\n";
        assertThat(send(longLine + "CAPA\r\n")).startsWith("-ERR line too long\r\n+OK capability list follows");
        // 255 octets including CRLF is still a command
        assertThat(send("USER " + "b".repeat(248) + "\r\n")).isEqualTo("+OK send PASS\r\n");
        assertThat(send("USER " + "b".repeat(249) + "\r\n")).isEqualTo("-ERR line too long\r\n");
    }

    @Test
    void tooManyErrorsCloseTheSession() {
        conn.take();
        String out = send("BAD\r\n".repeat(Pop3Session.MAX_ERRORS + 5));
        assertThat(out).endsWith("-ERR unknown command\r\n-ERR too many errors, closing\r\n");
        assertThat(out.split("\r\n")).hasSize(Pop3Session.MAX_ERRORS + 1);
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void quitBeforeLoginSignsOff() {
        conn.take();
        assertThat(send("QUIT\r\n")).isEqualTo("+OK Mailstream POP3 server signing off\r\n");
        assertThat(conn.closed()).isTrue();
    }

    // --- transaction ---

    @Test
    void statListAndUidl() {
        login();
        long s1 = seeded.get(0).size(), s2 = seeded.get(1).size(), s3 = seeded.get(2).size();
        assertThat(send("STAT\r\n")).isEqualTo("+OK 3 " + (s1 + s2 + s3) + "\r\n");
        assertThat(send("LIST\r\n")).isEqualTo("+OK maildrop has 3 messages (" + (s1 + s2 + s3) + " octets)\r\n"
                + "1 " + s1 + "\r\n2 " + s2 + "\r\n3 " + s3 + "\r\n.\r\n");
        assertThat(send("LIST 2\r\n")).isEqualTo("+OK 2 " + s2 + "\r\n");
        String uidl = send("UIDL\r\n");
        assertThat(uidl).startsWith("+OK unique-id listing follows\r\n").endsWith("\r\n.\r\n");
        List<String> lines = List.of(uidl.split("\r\n")).subList(1, 4);
        for (int i = 0; i < 3; i++) {
            String id = lines.get(i).substring(2);
            assertThat(lines.get(i)).startsWith((i + 1) + " ");
            assertThat(id).matches("[\\x21-\\x7e]{1,70}");
            assertThat(send("UIDL " + (i + 1) + "\r\n")).isEqualTo("+OK " + (i + 1) + " " + id + "\r\n");
        }
        assertThat(lines.stream().map(l -> l.substring(2)).distinct()).hasSize(3);
    }

    @Test
    void uidlIsStableAcrossSessionsWhileNumbersShift() {
        login();
        String second = send("UIDL 2\r\n").split(" ")[2];
        assertThat(send("DELE 1\r\nQUIT\r\n")).endsWith("(2 messages left)\r\n");
        conn = new MemoryConnection();
        session = newSession(service);
        conn.take();
        send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n");
        assertThat(send("UIDL 1\r\n")).isEqualTo("+OK 1 " + second);
    }

    @Test
    void retrSendsTheStoredBytesDotStuffed() {
        login();
        byte[] stored = blobs.get(seeded.get(1).blobId()).orElseThrow();
        String out = send("RETR 2\r\n");
        assertThat(out).isEqualTo("+OK " + stored.length + " octets\r\n" + stuffed(1) + ".\r\n");
        assertThat(out).contains("\r\n..leading dot\r\n..\r\n...two dots\r\nend\r\n.\r\n");
        assertThat(registry.counter("mailstream.pop3.messages.retrieved").count()).isEqualTo(1);
    }

    @Test
    void onlyCommandsAnsweredFromMemoryAreOfferedToRunAtOnce() {
        assertThat(session.answersAtOnce(bytes("NOOP\r\n"))).as("not logged in").isFalse();
        login();
        assertThat(session.answersAtOnce(bytes("RETR 2\r\n"))).as("nothing read ahead yet").isFalse();
        assertThat(send("RETR 1\r\n")).startsWith("+OK ");
        for (String now : List.of("RETR 2\r\n", "retr 3\r\n", "TOP 2 1\r\n", "STAT\r\n", "LIST\r\n", "UIDL 1\r\n",
                "DELE 3\r\n", "NOOP\r\n")) {
            assertThat(session.answersAtOnce(bytes(now))).as(now).isTrue();
        }
        for (String later : List.of("QUIT\r\n", "RSET\r\n", "RETR 1\r\n", "RETR x\r\n", "RETR 2", "NOOP\r\nQUIT\r\n",
                "CAPA\r\n")) {
            assertThat(session.answersAtOnce(bytes(later))).as(later).isFalse();
        }
        assertThat(send("RETR 2\r\n")).as("answered the same either way").startsWith("+OK ");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void topSendsHeaderBlankLineAndFirstBodyLines() {
        login();
        String header = stuffed(1).substring(0, stuffed(1).indexOf("\r\n\r\n") + 4);
        assertThat(send("TOP 2 0\r\n")).isEqualTo("+OK top of message follows\r\n" + header + ".\r\n");
        assertThat(send("TOP 2 2\r\n")).isEqualTo("+OK top of message follows\r\n" + header + "..leading dot\r\n..\r\n.\r\n");
        assertThat(send("TOP 2 99999999999999999999999\r\n")).isEqualTo("+OK top of message follows\r\n" + stuffed(1) + ".\r\n");
        assertThat(send("TOP 2\r\nTOP 2 -1\r\nTOP 2 x\r\nTOP 0 1\r\nTOP 2 1 1\r\n")).isEqualTo(
                "-ERR syntax error in arguments\r\n".repeat(3) + "-ERR no such message\r\n"
                        + "-ERR syntax error in arguments\r\n");
    }

    @Test
    void aWholeMaildropRetrievedInOrderComesBackByteForByteWithDeleTopAndRsetInBetween() {
        List<StoredMessage> all = new java.util.ArrayList<>(seeded);
        for (int i = 4; i <= 40; i++) {
            all.add(deliver(Mail.message("more " + i, "line one of " + i, "." + i + " starts with a dot")));
        }
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "+OK maildrop has 40 messages (" + octets(all) + " octets)\r\n");
        StringBuilder expected = new StringBuilder();
        StringBuilder commands = new StringBuilder();
        for (int n = 1; n <= 40; n++) {
            String raw = new String(blobs.get(all.get(n - 1).blobId()).orElseThrow(), StandardCharsets.UTF_8);
            String stuffedRaw = raw.replace("\r\n.", "\r\n..");
            if (n == 20) {
                commands.append("DELE 21\r\n");
                expected.append("+OK message 21 deleted\r\n");
            }
            if (n == 21) {
                commands.append("RETR 21\r\nRSET\r\n");
                expected.append("-ERR message 21 already deleted\r\n+OK maildrop has 40 messages (")
                        .append(octets(all)).append(" octets)\r\n");
            }
            if (n % 5 == 0) {
                commands.append("TOP ").append(n).append(" 0\r\n");
                expected.append("+OK top of message follows\r\n")
                        .append(stuffedRaw, 0, stuffedRaw.indexOf("\r\n\r\n") + 4).append(".\r\n");
            }
            commands.append("RETR ").append(n).append("\r\n");
            expected.append("+OK ").append(raw.length()).append(" octets\r\n").append(stuffedRaw).append(".\r\n");
        }
        assertThat(send(commands.toString())).isEqualTo(expected.toString());
        assertThat(send("RETR 7\r\n")).startsWith("+OK ").endsWith("\r\n.\r\n");
    }

    @Test
    void badMessageNumbersGetErr() {
        login();
        for (String arg : List.of("0", "-1", "99999999999999999999", "4", "x", "1x", "+1", " 1")) {
            assertThat(send("RETR " + arg + "\r\n")).as("RETR '%s'", arg).startsWith("-ERR ");
            assertThat(send("DELE " + arg + "\r\n")).as("DELE '%s'", arg).startsWith("-ERR ");
            assertThat(send("LIST " + arg + "\r\n")).as("LIST '%s'", arg).startsWith("-ERR ");
        }
        assertThat(send("RETR\r\nRETR 1 2\r\nSTAT 1\r\nLIST 1 2\r\n")).isEqualTo(
                "-ERR syntax error in arguments\r\n".repeat(4));
        assertThat(send("STAT\r\n")).startsWith("+OK 3 ");
    }

    @Test
    void deletedMessagesDisappearFromTheSessionUntilRset() {
        login();
        long s1 = seeded.get(0).size(), s3 = seeded.get(2).size();
        assertThat(send("DELE 2\r\n")).isEqualTo("+OK message 2 deleted\r\n");
        assertThat(send("DELE 2\r\nRETR 2\r\nTOP 2 0\r\nLIST 2\r\nUIDL 2\r\n")).isEqualTo(
                "-ERR message 2 already deleted\r\n".repeat(5));
        assertThat(send("STAT\r\n")).isEqualTo("+OK 2 " + (s1 + s3) + "\r\n");
        assertThat(send("LIST\r\n")).isEqualTo("+OK maildrop has 2 messages (" + (s1 + s3) + " octets)\r\n"
                + "1 " + s1 + "\r\n3 " + s3 + "\r\n.\r\n");
        assertThat(send("UIDL\r\n").split("\r\n")).hasSize(4);
        assertThat(send("RSET\r\n")).isEqualTo("+OK maildrop has 3 messages (" + octets(seeded) + " octets)\r\n");
        assertThat(send("RETR 2\r\n")).startsWith("+OK ");
        assertThat(send("QUIT\r\n")).endsWith("(3 messages left)\r\n");
        assertThat(storedUids()).hasSize(3);
    }

    @Test
    void quitAppliesTheDeletions() {
        login();
        send("DELE 1\r\nDELE 3\r\n");
        assertThat(storedUids()).as("nothing removed before QUIT").hasSize(3);
        assertThat(send("QUIT\r\n")).isEqualTo("+OK Mailstream POP3 server signing off (1 message left)\r\n");
        assertThat(session.state()).isEqualTo(Pop3State.UPDATE);
        assertThat(storedUids()).containsExactly(seeded.get(1).uid());
        assertThat(registry.counter("mailstream.pop3.messages.deleted").count()).isEqualTo(2);
    }

    @Test
    void droppedConnectionDeletesNothing() {
        login();
        send("DELE 1\r\nDELE 2\r\n");
        session.onClose();
        assertThat(storedUids()).hasSize(3);
    }

    @Test
    void idleTimeoutEndsTheSessionWithoutDeleting() {
        login();
        send("DELE 1\r\n");
        session.onIdleTimeout(conn);
        assertThat(conn.take()).isEqualTo("-ERR autologout; idle for too long\r\n");
        assertThat(conn.closed()).isTrue();
        session.onClose();
        assertThat(storedUids()).hasSize(3);
    }

    @Test
    void theMaildropIsASnapshotTakenAtLogin() {
        login();
        deliver(Mail.message("late", "arrived after login"));
        assertThat(send("STAT\r\nRETR 4\r\n")).isEqualTo("+OK 3 " + octets(seeded) + "\r\n-ERR no such message\r\n");
        assertThat(send("DELE 1\r\nQUIT\r\n")).endsWith("(2 messages left)\r\n");
        assertThat(storedUids()).hasSize(3).doesNotContain(seeded.get(0).uid());
    }

    @Test
    void emptyMaildropIsCreatedOnLogin() {
        String empty = "empty" + (++users) + "@pop3.test";
        directory.addUser(empty, PASSWORD);
        conn.take();
        assertThat(send("USER " + empty + "\r\nPASS " + PASSWORD + "\r\nSTAT\r\nLIST\r\nUIDL\r\n")).isEqualTo(
                "+OK send PASS\r\n+OK maildrop has 0 messages (0 octets)\r\n+OK 0 0\r\n"
                        + "+OK maildrop has 0 messages (0 octets)\r\n.\r\n+OK unique-id listing follows\r\n.\r\n");
    }

    @Test
    void noopAndSyntaxOfArgumentlessCommands() {
        login();
        assertThat(send("NOOP\r\nNOOP x\r\nRSET x\r\nCAPA x\r\n")).isEqualTo(
                "+OK\r\n" + "-ERR syntax error in arguments\r\n".repeat(3));
    }

    @Test
    void storeFailureIsATemporaryErrorAndTheSessionGoesOn() {
        MaildropService failingReads = new MaildropService(authenticator, access, blobs,
                new MaildropLocks(db, "failing", Duration.ofMinutes(2), Clock.systemUTC())) {
            @Override
            public Optional<byte[]> read(String blobId) {
                throw new StoreException("store down");
            }

            @Override
            public Map<String, byte[]> readAll(Collection<String> blobIds) {
                throw new StoreException("store down");
            }
        };
        conn = new MemoryConnection();
        session = newSession(failingReads);
        login();
        assertThat(send("RETR 1\r\nSTAT\r\n")).isEqualTo("-ERR [SYS/TEMP] mail store unavailable, try later\r\n"
                + "+OK 3 " + octets(seeded) + "\r\n");
    }

    // --- TLS and the plaintext rule ---

    private static String plain(String authzid, String login, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + login + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private String sendOn(Pop3Session s, MemoryConnection c, String text) {
        s.onData(text.getBytes(StandardCharsets.UTF_8));
        return c.take();
    }

    @Test
    void credentialsAreRefusedBeforeStlsAndAcceptedAfter() {
        MemoryConnection c = new MemoryConnection("127.0.0.1", true, false);
        Pop3Session s = newSession(service, c, false);
        c.take();
        assertThat(sendOn(s, c, "CAPA\r\n")).isEqualTo("+OK capability list follows\r\nTOP\r\nUIDL\r\nSTLS\r\n"
                + "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nIMPLEMENTATION Mailstream\r\n.\r\n");
        String refused = "-ERR [AUTH] plaintext authentication disallowed on non-secure connections; use STLS\r\n";
        assertThat(sendOn(s, c, "USER " + user + "\r\nPASS " + PASSWORD + "\r\nAUTH PLAIN " + plain("", user, PASSWORD)
                + "\r\n")).isEqualTo(refused.repeat(3));
        assertThat(sendOn(s, c, "AUTH\r\n")).isEqualTo("+OK SASL mechanisms follow\r\n.\r\n");

        // Whatever is pipelined behind STLS was sent in clear text and is dropped, unanswered.
        assertThat(sendOn(s, c, "STLS\r\nUSER " + user + "\r\nPASS " + PASSWORD + "\r\n"))
                .isEqualTo("+OK begin TLS negotiation\r\n");
        assertThat(c.isSecure()).isTrue();
        assertThat(s.state()).isEqualTo(Pop3State.AUTHORIZATION);
        assertThat(sendOn(s, c, "CAPA\r\n")).contains("\r\nUSER\r\nSASL PLAIN\r\n").doesNotContain("STLS");
        assertThat(sendOn(s, c, "STLS\r\n")).isEqualTo("-ERR TLS already active\r\n");
        assertThat(sendOn(s, c, "PASS " + PASSWORD + "\r\n")).as("USER before STLS is forgotten")
                .isEqualTo("-ERR send USER first\r\n");
        assertThat(sendOn(s, c, "USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "+OK maildrop has 3 messages (" + octets(seeded) + " octets)\r\n");
    }

    @Test
    void implicitTlsAllowsLoginAtOnce() {
        MemoryConnection c = new MemoryConnection("198.51.100.7", true, true);
        Pop3Session s = newSession(service, c, false);
        c.take();
        assertThat(sendOn(s, c, "CAPA\r\n")).contains("USER").doesNotContain("STLS");
        assertThat(sendOn(s, c, "STLS\r\n")).isEqualTo("-ERR TLS already active\r\n");
        assertThat(sendOn(s, c, "AUTH PLAIN " + plain("", user, PASSWORD) + "\r\n")).startsWith("+OK maildrop has 3");
    }

    @Test
    void theLoopbackExceptionCoversLoopbackClientsOnly() {
        for (String remote : List.of("192.0.2.10", "10.0.0.1", "::ffff:192.0.2.1", "localhost.evil.test")) {
            MemoryConnection c = new MemoryConnection(remote, false, false);
            Pop3Session s = newSession(service, c, true);
            c.take();
            assertThat(sendOn(s, c, "USER " + user + "\r\n")).as(remote).startsWith("-ERR [AUTH] plaintext");
        }
        for (String remote : List.of("127.0.0.1", "127.1.2.3", "0:0:0:0:0:0:0:1", "::1")) {
            MemoryConnection c = new MemoryConnection(remote, false, false);
            Pop3Session s = newSession(service, c, true);
            c.take();
            assertThat(sendOn(s, c, "USER " + user + "\r\n")).as(remote).isEqualTo("+OK send PASS\r\n");
        }
        MemoryConnection c = new MemoryConnection("127.0.0.1", false, false);
        Pop3Session s = newSession(service, c, false);
        c.take();
        assertThat(sendOn(s, c, "USER " + user + "\r\n")).as("exception off").startsWith("-ERR [AUTH] plaintext");
        assertThat(sendOn(s, c, "STLS\r\n")).isEqualTo("-ERR STLS not available: no certificate configured\r\n");
        assertThat(sendOn(s, c, "STLS now\r\n")).isEqualTo("-ERR syntax error in arguments\r\n");
        String refusals = sendOn(s, c, "USER x@pop3.test\r\n".repeat(Pop3Session.MAX_ERRORS));
        assertThat(refusals).as("insisting on clear text counts as a protocol error")
                .endsWith("-ERR too many errors, closing\r\n");
        assertThat(c.closed()).isTrue();
    }

    // --- AUTH PLAIN (RFC 5034) ---

    @Test
    void authPlainWithInitialResponse() {
        conn.take();
        assertThat(send("AUTH\r\n")).isEqualTo("+OK SASL mechanisms follow\r\nPLAIN\r\n.\r\n");
        assertThat(send("auth plain " + plain("", user.toUpperCase(), PASSWORD) + "\r\nSTAT\r\n")).isEqualTo(
                "+OK maildrop has 3 messages (" + octets(seeded) + " octets)\r\n+OK 3 " + octets(seeded) + "\r\n");
        assertThat(session.owner()).isEqualTo(user);
    }

    @Test
    void authPlainAfterAnEmptyChallenge() {
        conn.take();
        assertThat(send("AUTH PLAIN\r\n")).isEqualTo("+ \r\n");
        assertThat(send(plain(user, user, PASSWORD) + "\r\n")).startsWith("+OK maildrop has 3 messages");
    }

    @Test
    void authPlainCancelledMalformedOrWrong() {
        conn.take();
        assertThat(send("AUTH PLAIN\r\n*\r\n")).isEqualTo("+ \r\n-ERR authentication cancelled\r\n");
        assertThat(send("AUTH PLAIN\r\n")).isEqualTo("+ \r\n");
        assertThat(send("STAT\r\n")).as("the line after + is the response, never a command")
                .isEqualTo("-ERR invalid SASL PLAIN response\r\n");
        assertThat(send("AUTH PLAIN !!!notbase64\r\n")).isEqualTo("-ERR invalid SASL PLAIN response\r\n");
        assertThat(send("AUTH PLAIN =\r\n")).isEqualTo("-ERR invalid SASL PLAIN response\r\n");
        assertThat(send("AUTH PLAIN " + Base64.getEncoder().encodeToString("only\0two".getBytes()) + "\r\n"))
                .isEqualTo("-ERR invalid SASL PLAIN response\r\n");
        assertThat(send("AUTH CRAM-MD5\r\n")).isEqualTo("-ERR unsupported authentication mechanism\r\n");
        assertThat(send("AUTH PLAIN a b\r\n")).isEqualTo("-ERR syntax error in arguments\r\n");
        assertThat(send("AUTH PLAIN " + plain("", user, "wrong") + "\r\n"))
                .isEqualTo("-ERR [AUTH] invalid user name or password\r\n");
        assertThat(send("AUTH PLAIN " + plain("other@pop3.test", user, PASSWORD) + "\r\n"))
                .isEqualTo("-ERR [AUTH] cannot log in as another user\r\n");
        assertThat(session.state()).isEqualTo(Pop3State.AUTHORIZATION);
        assertThat(send("AUTH PLAIN\r\n" + "A".repeat(Pop3Session.MAX_SASL_LINE + 10) + "\r\nNOOP\r\n"))
                .isEqualTo("+ \r\n-ERR line too long\r\n-ERR command not valid in this state\r\n");
    }

    @Test
    void internationalLoginsReachTheirAccountInAnySpelling() {
        directory.addDomain("bücher-pop3.test");
        directory.addUser("Jörg@Bücher-POP3.test", PASSWORD);
        String ace = java.net.IDN.toASCII("bücher-pop3") + ".test";
        conn.take();
        assertThat(send("USER JÖRG@" + ace.toUpperCase() + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "+OK maildrop has 0 messages (0 octets)\r\n");
        assertThat(session.owner()).isEqualTo("jörg@" + ace);
    }

    // --- the shared credential check: throttling and outages ---

    @Test
    void throttledLoginsAreRefusedEvenWithTheRightPassword() {
        Authenticator strict = new Authenticator(directory, 2, Duration.ofMinutes(5));
        MaildropService s = new MaildropService(strict, access, blobs,
                new MaildropLocks(db, "strict", Duration.ofMinutes(2), Clock.systemUTC()));
        session = newSession(s);
        conn.take();
        send("USER " + user + "\r\nPASS bad1\r\nUSER " + user + "\r\nPASS bad2\r\n");
        session = newSession(s, conn = new MemoryConnection(), true);
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "-ERR [AUTH] too many failed logins, try again later\r\n");
        assertThat(registry.counter("mailstream.pop3.logins", "result", "throttled").count()).isEqualTo(1);
    }

    @Test
    void directoryOutageAtLoginIsATemporaryError() {
        Directory down = new Directory(db) {
            @Override
            public Optional<String> authenticate(String login, String password) {
                throw new StoreException("directory down");
            }
        };
        MaildropService s = new MaildropService(new Authenticator(down, 10, Duration.ofMinutes(5)), access, blobs,
                new MaildropLocks(db, "down", Duration.ofMinutes(2), Clock.systemUTC()));
        session = newSession(s);
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "-ERR [SYS/TEMP] mail store unavailable, try later\r\n");
        assertThat(conn.closed()).isFalse();
    }

    // --- one session per maildrop, across instances ---

    @Test
    void aSecondSessionOnTheSameMaildropGetsInUseUntilTheFirstQuits() {
        login();
        MemoryConnection c2 = new MemoryConnection();
        Pop3Session s2 = newSession(service, c2, true);
        c2.take();
        String inUse = "-ERR [IN-USE] maildrop already in use by another session\r\n";
        assertThat(sendOn(s2, c2, "USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(inUse);
        assertThat(s2.state()).isEqualTo(Pop3State.AUTHORIZATION);

        // Another instance (its own lock holder) is refused as well.
        MemoryConnection c3 = new MemoryConnection();
        Pop3Session s3 = newSession(serviceOn("instance-b", Clock.systemUTC()), c3, true);
        c3.take();
        assertThat(sendOn(s3, c3, "AUTH PLAIN " + plain("", user, PASSWORD) + "\r\n")).isEqualTo(inUse);

        send("DELE 1\r\nQUIT\r\n");
        assertThat(sendOn(s3, c3, "AUTH PLAIN " + plain("", user, PASSWORD) + "\r\n")).isEqualTo(
                "+OK maildrop has 2 messages (" + octets(seeded.subList(1, 3)) + " octets)\r\n");
        assertThat(sendOn(s2, c2, "USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(inUse);
        assertThat(registry.counter("mailstream.pop3.logins", "result", "in-use").count()).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionReleasesTheLock() {
        login();
        session.onClose();
        MemoryConnection c2 = new MemoryConnection();
        Pop3Session s2 = newSession(serviceOn("instance-b", Clock.systemUTC()), c2, true);
        c2.take();
        assertThat(sendOn(s2, c2, "USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "+OK maildrop has 3 messages (" + octets(seeded) + " octets)\r\n");
    }

    @Test
    void anExpiredLockIsTakenOverAndItsFormerHolderDeletesNothing() {
        MutableClock clockA = new MutableClock();
        session = newSession(serviceOn("instance-a-stalled", clockA));
        login();
        send("DELE 1\r\nDELE 2\r\n");

        MutableClock clockB = new MutableClock();
        MemoryConnection c2 = new MemoryConnection();
        Pop3Session s2 = newSession(serviceOn("instance-b", clockB), c2, true);
        c2.take();
        assertThat(sendOn(s2, c2, "USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith("[IN-USE] maildrop "
                + "already in use by another session\r\n");
        clockB.advance(Duration.ofMinutes(3));
        assertThat(sendOn(s2, c2, "USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "+OK maildrop has 3 messages (" + octets(seeded) + " octets)\r\n");

        assertThat(send("QUIT\r\n")).isEqualTo("-ERR [IN-USE] maildrop lock lost; no messages deleted\r\n");
        assertThat(storedUids()).hasSize(3);
        assertThat(sendOn(s2, c2, "DELE 3\r\nQUIT\r\n")).endsWith("(2 messages left)\r\n");
        assertThat(storedUids()).containsExactly(seeded.get(0).uid(), seeded.get(1).uid());
    }

    @Test
    void aStoreFailureWhileOpeningTheMaildropGivesTheLockBack() {
        MaildropService failingOpen = new MaildropService(authenticator, access, blobs,
                new MaildropLocks(db, "instance-a", Duration.ofMinutes(2), Clock.systemUTC())) {
            @Override
            public Maildrop open(String owner) {
                throw new StoreException("store down");
            }
        };
        session = newSession(failingOpen);
        conn.take();
        assertThat(send("USER " + user + "\r\nPASS " + PASSWORD + "\r\n")).endsWith(
                "-ERR [SYS/TEMP] mail store unavailable, try later\r\n");
        assertThat(session.state()).isEqualTo(Pop3State.AUTHORIZATION);
        conn = new MemoryConnection();
        session = newSession(service);
        login();
    }
}

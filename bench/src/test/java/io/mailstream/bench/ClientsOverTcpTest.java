package io.mailstream.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw clients against scripted servers on loopback: literals, pipelining, dot-terminated replies. */
class ClientsOverTcpTest {

    private ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    /** A one-connection server: writes the greeting, then for each line read the scripted answer. */
    private int serve(String greeting, java.util.function.Function<String, String> answer) throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                out.write(greeting.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    String reply = answer.apply(line);
                    if (reply != null) {
                        out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
            } catch (Exception ignored) {
                // the test closed the connection
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void imapSkipsLiteralsAndTracksExists() throws Exception {
        int port = serve("* OK ready\r\n", line -> {
            String tag = line.split(" ")[0];
            if (line.contains("SELECT")) {
                return "* 3 EXISTS\r\n" + tag + " OK [READ-WRITE] done\r\n";
            }
            if (line.contains("FETCH")) {
                // A literal whose bytes look like a tagged reply must not end the command.
                return "* 1 FETCH (BODY[] {12}\r\na2 OK fake\r\n)\r\n" + tag + " OK fetched\r\n";
            }
            return tag + " OK\r\n";
        });
        try (ImapClient imap = new ImapClient("127.0.0.1", port)) {
            imap.login("u", "p");
            assertThat(imap.command("SELECT INBOX").ok()).isTrue();
            assertThat(imap.exists()).isEqualTo(3);
            ImapClient.Reply r = imap.command("FETCH 1 BODY.PEEK[]");
            assertThat(r.ok()).isTrue();
            assertThat(r.text()).isEqualTo("fetched");
            assertThat(r.literalBytes()).isEqualTo(12);
            assertThat(r.untagged()).hasSize(1);
        }
        assertThat(received.get(0)).isEqualTo("a1 LOGIN \"u\" \"p\"");
    }

    @Test
    void smtpPipelinesTheEnvelopeWhenAdvertised() throws Exception {
        int port = serve("220 hi\r\n", line -> {
            if (line.startsWith("EHLO")) {
                return "250-hi\r\n250-PIPELINING\r\n250 SIZE 1000\r\n";
            }
            if (line.equals("DATA")) {
                // Only now answer all three: a client that waited for each reply would hang here.
                return "250 sender ok\r\n250 rcpt ok\r\n354 go\r\n";
            }
            if (line.equals(".")) {
                return "250 queued\r\n";
            }
            return line.startsWith("MAIL") || line.startsWith("RCPT") ? null : (line.equals("QUIT") ? "221 bye\r\n" : null);
        });
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", port, true)) {
            assertThat(smtp.pipelining()).isTrue();
            SmtpClient.Result r = smtp.send("a@b.test", List.of("c@d.test"), "Subject: x\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(r.accepted()).isTrue();
            assertThat(r.reply()).isEqualTo("250 queued");
        }
        assertThat(received).containsSubsequence("MAIL FROM:<a@b.test>", "RCPT TO:<c@d.test>", "DATA", "Subject: x", ".");
    }

    @Test
    void pop3RetrReadsUntilTheTerminatingDot() throws Exception {
        int port = serve("+OK pop\r\n", line -> switch (line.split(" ")[0]) {
            case "USER", "PASS" -> "+OK\r\n";
            case "STAT" -> "+OK 2 200\r\n";
            case "RETR" -> "+OK\r\nSubject: a\r\n\r\n..stuffed\r\nbody\r\n.\r\n";
            default -> "+OK\r\n";
        });
        try (Pop3Client pop = new Pop3Client("127.0.0.1", port)) {
            pop.login("u", "p");
            assertThat(pop.stat()).isEqualTo(2);
            assertThat(pop.retr(1)).isEqualTo("Subject: a\r\n\r\n..stuffed\r\nbody\r\n".length());
            assertThat(pop.retr(2)).isPositive();
        }
    }
}

package io.mailstream.bench;

import java.io.Closeable;
import java.io.IOException;

/** A POP3 client for load: single-line and multi-line (dot-terminated) replies. */
final class Pop3Client implements Closeable {

    private final LineConnection conn;

    Pop3Client(String host, int port) throws IOException {
        conn = new LineConnection(host, port);
        String greeting = conn.readLine();
        if (!greeting.startsWith("+OK")) {
            conn.close();
            throw new IOException("POP3 greeting refused: " + greeting);
        }
    }

    void login(String user, String password) throws IOException {
        ok(command("USER " + user), "USER");
        ok(command("PASS " + password), "PASS");
    }

    /** STAT: the number of messages in the maildrop. */
    int stat() throws IOException {
        String r = ok(command("STAT"), "STAT");
        return Integer.parseInt(r.split(" ")[1]);
    }

    /** RETR n: the number of bytes of the message as sent (dot-stuffed lines with CRLF). */
    long retr(int n) throws IOException {
        ok(command("RETR " + n), "RETR");
        long bytes = 0;
        while (true) {
            String line = conn.readLine();
            if (line.equals(".")) {
                return bytes;
            }
            bytes += line.length() + 2;
        }
    }

    void quit() {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // the server may close first
        }
    }

    @Override
    public void close() {
        conn.close();
    }

    private String command(String line) throws IOException {
        conn.write(line).write("\r\n").flush();
        return conn.readLine();
    }

    private static String ok(String reply, String what) throws IOException {
        if (!reply.startsWith("+OK")) {
            throw new IOException(what + " failed: " + reply);
        }
        return reply;
    }
}

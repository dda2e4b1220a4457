package io.mailstream.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IMAP client for load: tagged commands, untagged responses collected as lines with their
 * literals skipped (only their sizes matter to a benchmark), EXISTS counts tracked.
 */
final class ImapClient implements Closeable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS", Pattern.CASE_INSENSITIVE);

    /** A tagged reply and the untagged lines before it. */
    record Reply(String status, String text, List<String> untagged, long literalBytes) {
        boolean ok() {
            return "OK".equals(status);
        }
    }

    private final LineConnection conn;
    private int tag;
    private long exists = -1;

    ImapClient(String host, int port) throws IOException {
        conn = new LineConnection(host, port);
        String greeting = conn.readLine();
        if (!greeting.startsWith("* OK") && !greeting.startsWith("* PREAUTH")) {
            conn.close();
            throw new IOException("IMAP greeting refused: " + greeting);
        }
    }

    /** The last EXISTS count the server announced, or -1. */
    long exists() {
        return exists;
    }

    void login(String user, String password) throws IOException {
        Reply r = command("LOGIN " + quote(user) + " " + quote(password));
        if (!r.ok()) {
            throw new IOException("LOGIN failed: " + r.status() + " " + r.text());
        }
    }

    Reply command(String command) throws IOException {
        String t = "a" + (++tag);
        conn.write(t).write(" ").write(command).write("\r\n").flush();
        return readUntilTagged(t);
    }

    /** Sends IDLE and waits for the continuation. */
    void idle() throws IOException {
        String t = "a" + (++tag);
        conn.write(t).write(" IDLE\r\n").flush();
        idleTag = t;
        while (true) {
            String line = conn.readLine();
            if (line.startsWith("+")) {
                return;
            }
            if (line.startsWith(t + " ")) {
                throw new IOException("IDLE refused: " + line);
            }
            track(line);
        }
    }

    private String idleTag;

    /** In IDLE: the next untagged line (blocking). */
    String readIdleLine() throws IOException {
        String line = conn.readLine();
        track(line);
        return line;
    }

    void done() throws IOException {
        conn.write("DONE\r\n").flush();
        readUntilTagged(idleTag);
    }

    void logout() {
        try {
            command("LOGOUT");
        } catch (IOException ignored) {
            // the server may close first
        }
    }

    @Override
    public void close() {
        conn.close();
    }

    private Reply readUntilTagged(String t) throws IOException {
        List<String> untagged = new ArrayList<>();
        long literalBytes = 0;
        while (true) {
            String line = conn.readLine();
            // A line ending in {n} is followed by n bytes of literal, then the rest of the line.
            Matcher m = LITERAL.matcher(line);
            StringBuilder full = null;
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                conn.skip(n);
                literalBytes += n;
                if (full == null) {
                    full = new StringBuilder(line);
                }
                String rest = conn.readLine();
                full.append("<literal>").append(rest);
                m = LITERAL.matcher(rest);
            }
            String whole = full == null ? line : full.toString();
            if (whole.startsWith(t + " ")) {
                String rest = whole.substring(t.length() + 1);
                int sp = rest.indexOf(' ');
                String status = sp < 0 ? rest : rest.substring(0, sp);
                return new Reply(status.toUpperCase(), sp < 0 ? "" : rest.substring(sp + 1), untagged, literalBytes);
            }
            track(whole);
            untagged.add(whole);
        }
    }

    private void track(String line) {
        Matcher m = EXISTS.matcher(line);
        if (m.find()) {
            exists = Long.parseLong(m.group(1));
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The MESSAGES count of a STATUS reply, or -1. */
    static long statusMessages(Reply r) {
        for (String line : r.untagged()) {
            Matcher m = Pattern.compile("MESSAGES (\\d+)", Pattern.CASE_INSENSITIVE).matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }
}

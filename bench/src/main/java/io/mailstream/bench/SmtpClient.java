package io.mailstream.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * An SMTP client for load: EHLO, then transactions with or without PIPELINING (RFC 2920: MAIL,
 * RCPT... and DATA in one write, replies read afterwards). The message must already be
 * dot-stuffed and end with CRLF; {@link Messages} builds such messages.
 */
final class SmtpClient implements Closeable {

    /** The outcome of one transaction: the final reply code and when the final dot was flushed. */
    record Result(int code, String reply, long endOfDataNanos) {
        boolean accepted() {
            return code / 100 == 2;
        }
    }

    private final LineConnection conn;
    private final boolean pipelining;

    SmtpClient(String host, int port, boolean usePipelining) throws IOException {
        conn = new LineConnection(host, port);
        expect(reply(), 2, "greeting");
        conn.write("EHLO bench.localhost\r\n").flush();
        boolean advertised = false;
        String last;
        do {
            last = conn.readLine();
            if (last.length() >= 8 && last.substring(4).toUpperCase().startsWith("PIPELINING")) {
                advertised = true;
            }
        } while (last.length() > 3 && last.charAt(3) == '-');
        expect(last, 2, "EHLO");
        pipelining = usePipelining && advertised;
    }

    boolean pipelining() {
        return pipelining;
    }

    Result send(String from, List<String> recipients, byte[] message) throws IOException {
        if (pipelining) {
            conn.write("MAIL FROM:<" + from + ">\r\n");
            for (String rcpt : recipients) {
                conn.write("RCPT TO:<" + rcpt + ">\r\n");
            }
            conn.write("DATA\r\n").flush();
            String mail = reply();
            int okRcpts = 0;
            for (int i = 0; i < recipients.size(); i++) {
                if (code(reply()) / 100 == 2) {
                    okRcpts++;
                }
            }
            String data = reply();
            if (code(mail) / 100 != 2 || okRcpts == 0 || code(data) != 354) {
                if (code(data) == 354) {
                    conn.write(".\r\n").flush(); // no valid recipient: send an empty message
                    reply();
                }
                resetQuietly();
                return new Result(code(data) == 354 ? code(mail) : code(data), data, System.nanoTime());
            }
        } else {
            String mail = command("MAIL FROM:<" + from + ">");
            if (code(mail) / 100 != 2) {
                return new Result(code(mail), mail, System.nanoTime());
            }
            int okRcpts = 0;
            String lastRcpt = "";
            for (String rcpt : recipients) {
                lastRcpt = command("RCPT TO:<" + rcpt + ">");
                if (code(lastRcpt) / 100 == 2) {
                    okRcpts++;
                }
            }
            if (okRcpts == 0) {
                resetQuietly();
                return new Result(code(lastRcpt), lastRcpt, System.nanoTime());
            }
            String data = command("DATA");
            if (code(data) != 354) {
                resetQuietly();
                return new Result(code(data), data, System.nanoTime());
            }
        }
        conn.write(message).write(".\r\n").flush();
        long endOfData = System.nanoTime();
        String fin = reply();
        return new Result(code(fin), fin, endOfData);
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

    private void resetQuietly() throws IOException {
        command("RSET");
    }

    private String command(String line) throws IOException {
        conn.write(line).write("\r\n").flush();
        return reply();
    }

    /** The last line of a (possibly multi-line) reply. */
    private String reply() throws IOException {
        String line;
        do {
            line = conn.readLine();
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    private static int code(String reply) {
        try {
            return Integer.parseInt(reply.substring(0, 3));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void expect(String reply, int klass, String what) throws IOException {
        if (code(reply) / 100 != klass) {
            throw new IOException(what + " refused: " + reply);
        }
    }
}

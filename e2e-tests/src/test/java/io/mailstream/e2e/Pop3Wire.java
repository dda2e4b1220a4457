package io.mailstream.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A raw POP3 client that returns RETR's message bytes exactly as the server stores them. */
final class Pop3Wire extends Wire {

    Pop3Wire(int port, String user, String password) throws IOException {
        super(port);
        expectOk(readLine());
        expectOk(command("USER " + user));
        expectOk(command("PASS " + password));
    }

    String command(String line) throws IOException {
        writeLine(line);
        return readLine();
    }

    /** The number of messages in the maildrop, from STAT. */
    int count() throws IOException {
        String stat = command("STAT");
        expectOk(stat);
        return Integer.parseInt(stat.split(" ")[1]);
    }

    /** RETR n: the multi-line response with the dot-stuffing undone and CRLF line ends kept. */
    byte[] retr(int number) throws IOException {
        expectOk(command("RETR " + number));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (String line = readLine(); !line.equals("."); line = readLine()) {
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            message.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return message.toByteArray();
    }

    void quit() throws IOException {
        expectOk(command("QUIT"));
        close();
    }

    private static void expectOk(String response) throws IOException {
        if (!response.startsWith("+OK")) {
            throw new IOException("POP3 server answered: " + response);
        }
    }
}

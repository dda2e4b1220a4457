package io.mailstream.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A raw SMTP client: commands and replies as text, DATA dot-stuffed here so the test controls every byte. */
final class SmtpWire extends Wire {

    /** One SMTP reply: its code and all of its lines joined by LF. */
    record Reply(int code, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    final Reply greeting;

    SmtpWire(int port) throws IOException {
        super(port);
        greeting = reply();
    }

    Reply command(String line) throws IOException {
        writeLine(line);
        return reply();
    }

    /** Sends DATA and the message (given unstuffed, CRLF line ends); returns the reply to the end of data. */
    Reply data(byte[] message) throws IOException {
        Reply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        write(dotStuff(message));
        write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return reply();
    }

    Reply reply() throws IOException {
        StringBuilder text = new StringBuilder();
        String line;
        do {
            line = readLine();
            text.append(text.length() == 0 ? "" : "\n").append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
    }

    /** RFC 5321 4.5.2: a line that starts with a dot gets one more. */
    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 16);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }
}

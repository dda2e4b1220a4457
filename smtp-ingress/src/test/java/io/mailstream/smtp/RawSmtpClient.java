package io.mailstream.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw-socket SMTP client for transcripts: sends exact bytes, reads whole (multi-line) replies.
 * It can speak TLS from the start (port 465) or switch to it on the same socket (STARTTLS).
 */
final class RawSmtpClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawSmtpClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private RawSmtpClient(Socket socket) throws IOException {
        use(socket);
    }

    /** Implicit TLS: the handshake comes before the greeting. */
    static RawSmtpClient tls(int port, SSLContext context) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return new RawSmtpClient(s);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** After the server's 220 to STARTTLS: handshake on the same connection. */
    void startTls(SSLContext context) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        s.startHandshake();
        use(s);
    }

    /** Sends {@code line} plus CRLF and returns the reply. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** Exact bytes, e.g. a PROXY protocol header. */
    void writeBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One complete reply: lines up to the one with a space after the code. */
    String reply() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String line = line();
            sb.append(line).append("\r\n");
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return sb.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed after " + buf);
            }
            buf.write(b);
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.mailstream.testkit;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A remote MTA on loopback for tests. Each connection runs a {@link Handler} on its own thread: a
 * hand-written script for hostile servers, or {@link Mta} for a well-behaved, configurable one.
 */
public final class FakeSmtpServer implements AutoCloseable {

    @FunctionalInterface
    public interface Handler {
        void handle(Conversation c) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FakeSmtpServer(Handler handler) throws IOException {
        this(handler, InetAddress.getLoopbackAddress(), 0);
    }

    /** Listens on {@code bind:port}, e.g. 127.0.0.2 with the port of another fake MX. */
    public FakeSmtpServer(Handler handler, InetAddress bind, int port) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(port, 50, bind);
        Thread accept = new Thread(this::accept, "fake-smtp-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> {
                    try (Conversation c = new Conversation(s)) {
                        handler.handle(c);
                    } catch (IOException | RuntimeException e) {
                        // the client went away or the script ended
                    }
                }, "fake-smtp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** The server side of one connection. */
    public static final class Conversation implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean secure;

        Conversation(Socket socket) throws IOException {
            attach(socket);
        }

        private void attach(Socket s) throws IOException {
            this.socket = s;
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
        }

        /** Sends lines, each followed by CRLF. */
        public void reply(String... lines) throws IOException {
            StringBuilder b = new StringBuilder();
            for (String l : lines) {
                b.append(l).append("\r\n");
            }
            send(b.toString().getBytes(StandardCharsets.UTF_8));
        }

        public void send(byte[] raw) throws IOException {
            out.write(raw);
            out.flush();
        }

        /** One command line without its CRLF, or null when the client closed. */
        public String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
            return null;
        }

        /** The bytes after DATA up to and including the terminating {@code CRLF.CRLF}, as sent. */
        public byte[] readData() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] end = {'\r', '\n', '.', '\r', '\n'};
            int b;
            while ((b = in.read()) >= 0) {
                data.write(b);
                byte[] d = data.toByteArray();
                if (d.length == 3 && d[0] == '.' && d[1] == '\r' && d[2] == '\n') {
                    return d;
                }
                if (d.length >= 5 && java.util.Arrays.equals(d, d.length - 5, d.length, end, 0, 5)) {
                    return d;
                }
            }
            throw new IOException("client closed during DATA");
        }

        public void startTls() throws IOException {
            SSLSocket tls = (SSLSocket) serverContext().getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            attach(tls);
            secure = true;
        }

        public boolean isSecure() {
            return secure;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Undoes dot-stuffing and drops the terminator: the message as the sender stored it. */
    public static byte[] unstuff(byte[] wire) {
        String s = new String(wire, StandardCharsets.ISO_8859_1);
        s = s.substring(0, s.length() - 3); // ".\r\n"
        List<String> lines = new ArrayList<>(List.of(s.split("\r\n", -1)));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size() - 1; i++) {
            String l = lines.get(i);
            out.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static SSLContext context;

    static synchronized SSLContext serverContext() {
        if (context != null) {
            return context;
        }
        try {
            Certificate cert;
            try (InputStream in = Files.newInputStream(TestTls.certificate())) {
                cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            String pem = Files.readString(TestTls.privateKey()).replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem));
            PrivateKey key;
            try {
                key = KeyFactory.getInstance("RSA").generatePrivate(spec);
            } catch (java.security.spec.InvalidKeySpecException e) {
                key = KeyFactory.getInstance("EC").generatePrivate(spec);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, new char[0], new Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            context = ctx;
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("test server TLS", e);
        }
    }
}

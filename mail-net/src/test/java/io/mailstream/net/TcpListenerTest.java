package io.mailstream.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An echo protocol over real TCP: order, pipelining, idle timeout and the connection limit. */
class TcpListenerTest {

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private TcpListener listener;

    @AfterEach
    void tearDown() {
        if (listener != null) {
            listener.stop();
        }
        workers.shutdownNow();
        vertx.close();
    }

    private int startEcho(int maxConnections, int idleSeconds) {
        return startEcho(new ListenerOptions("127.0.0.1", 0, maxConnections, idleSeconds));
    }

    private int startEcho(ListenerOptions options) {
        listener = new TcpListener(vertx, "echo", options,
                new ProtocolHandlerFactory() {
                    @Override
                    public ProtocolHandler create(Connection c) {
                        LineReader reader = new LineReader(100);
                        return new ProtocolHandler() {
                            @Override
                            public void onConnect() {
                                c.write("hello\r\n");
                            }

                            @Override
                            public void onData(byte[] data) {
                                reader.append(data);
                                byte[] line;
                                while ((line = reader.readLine()) != null) {
                                    String s = new String(line, US_ASCII);
                                    if (s.equals("starttls")) {
                                        reader.clear();
                                        c.startTls("go ahead\r\n".getBytes(US_ASCII));
                                        return;
                                    }
                                    if (s.equals("thread?")) {
                                        String t = Thread.currentThread().getName();
                                        c.write((t.startsWith("vert.x-eventloop") ? "event loop" : "worker") + "\r\n");
                                        continue;
                                    }
                                    if (s.equals("secure?")) {
                                        c.write("secure=" + c.isSecure() + "\r\n");
                                        continue;
                                    }
                                    if (s.equals("quit")) {
                                        c.write("bye\r\n");
                                        c.close();
                                        return;
                                    }
                                    c.write("echo " + s + "\r\n");
                                }
                            }

                            @Override
                            public boolean answersAtOnce(byte[] data) {
                                return reader.available() == 0 && new String(data, US_ASCII).equals("thread?\r\n");
                            }

                            @Override
                            public void onIdleTimeout(Connection connection) {
                                connection.write("idle\r\n");
                                connection.close();
                            }
                        };
                    }

                    @Override
                    public String busyReply() {
                        return "busy\r\n";
                    }
                }, workers);
        return listener.start();
    }

    @Test
    void pipelinedLinesAreAnsweredInOrder() throws Exception {
        int port = startEcho(10, 0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).isEqualTo("hello");
            out.write("a\r\nb\r\nc".getBytes(US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("echo a");
            assertThat(in.readLine()).isEqualTo("echo b");
            out.write("\r\nquit\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo c");
            assertThat(in.readLine()).isEqualTo("bye");
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void whatTheHandlerAnswersAtOnceRunsOnTheEventLoopInOrderWithTheRest() throws Exception {
        int port = startEcho(10, 0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).isEqualTo("hello");
            out.write("thread?\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("event loop");
            out.write("a\r\nthread?\r\n".getBytes(US_ASCII)); // two lines: not at once
            assertThat(in.readLine()).isEqualTo("echo a");
            assertThat(in.readLine()).isEqualTo("worker");
            out.write("b".getBytes(US_ASCII));
            out.flush();
            Thread.sleep(50);
            out.write("\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo b");
            for (int i = 0; i < 50; i++) {
                out.write("c\r\n".getBytes(US_ASCII));
                out.write("thread?\r\n".getBytes(US_ASCII));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(in.readLine()).isEqualTo("echo c");
                assertThat(in.readLine()).isIn("event loop", "worker");
            }
        }
    }

    @Test
    void startTlsUpgradesAndDropsBytesPipelinedBeforeTheHandshake() throws Exception {
        int port = startEcho(new ListenerOptions("127.0.0.1", 0, 10, 0, testTls(), false));
        try (Socket plain = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), US_ASCII));
            assertThat(in.readLine()).isEqualTo("hello");
            plain.getOutputStream().write("secure?\r\nstarttls\r\ninjected\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("secure=false");
            assertThat(in.readLine()).isEqualTo("go ahead");
            SSLSocket tls = (SSLSocket) trustingContext().getSocketFactory().createSocket(plain, "localhost", port, true);
            tls.startHandshake();
            BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), US_ASCII));
            tls.getOutputStream().write("secure?\r\n".getBytes(US_ASCII));
            assertThat(tin.readLine()).isEqualTo("secure=true");
        }
    }

    @Test
    void implicitTlsListenerSpeaksTlsFromTheFirstByte() throws Exception {
        int port = startEcho(new ListenerOptions("127.0.0.1", 0, 10, 0, testTls(), true));
        try (SSLSocket tls = (SSLSocket) trustingContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), US_ASCII));
            assertThat(in.readLine()).isEqualTo("hello");
            tls.getOutputStream().write("secure?\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("secure=true");
        }
    }

    static TlsConfig testTls() throws Exception {
        return new TlsConfig(Path.of(TcpListenerTest.class.getResource("/tls/cert.pem").toURI()),
                Path.of(TcpListenerTest.class.getResource("/tls/key.pem").toURI()));
    }

    /** Trusts exactly the test certificate. */
    static SSLContext trustingContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = TcpListenerTest.class.getResourceAsStream("/tls/cert.pem")) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void connectionLimitAnswersBusy() throws Exception {
        int port = startEcho(1, 0);
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            BufferedReader in1 = new BufferedReader(new InputStreamReader(first.getInputStream(), US_ASCII));
            assertThat(in1.readLine()).isEqualTo("hello");
            BufferedReader in2 = new BufferedReader(new InputStreamReader(second.getInputStream(), US_ASCII));
            assertThat(in2.readLine()).isEqualTo("busy");
            assertThat(in2.readLine()).isNull();
        }
    }

    @Test
    void idleClientIsToldAndDisconnected() throws Exception {
        int port = startEcho(10, 1);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
            assertThat(in.readLine()).isEqualTo("hello");
            assertThat(in.readLine()).isEqualTo("idle");
            assertThat(in.readLine()).isNull();
        }
    }
}

package io.mailstream.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.testkit.ProxyHeaders;

import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROXY protocol and drain over real TCP, with a line protocol that reports what it sees. */
class TcpListenerProxyAndDrainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private TcpListener listener;
    private volatile boolean answerDrain = true;

    @AfterEach
    void tearDown() {
        if (listener != null) {
            listener.stop();
        }
        workers.shutdownNow();
        vertx.close();
    }

    private int start(ListenerOptions options) {
        listener = new TcpListener(vertx, "test", options, new ProtocolHandlerFactory() {
            @Override
            public ProtocolHandler create(Connection c) {
                LineReader reader = new LineReader(200);
                return new ProtocolHandler() {
                    @Override
                    public void onConnect() {
                        c.write("hello " + c.remoteAddress() + " secure=" + c.isSecure() + "\r\n");
                    }

                    @Override
                    public void onData(byte[] data) {
                        reader.append(data);
                        byte[] line;
                        while ((line = reader.readLine()) != null) {
                            c.write("echo " + new String(line, US_ASCII) + "\r\n");
                        }
                    }

                    @Override
                    public void onDrain(Connection connection) {
                        if (answerDrain) {
                            connection.write("draining\r\n");
                            connection.close();
                        }
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

    private static ProxyProtocolOptions proxy(String... trusted) {
        return ProxyProtocolOptions.of(true, List.of(trusted), Duration.ofMillis(700));
    }

    private static BufferedReader reader(Socket s) throws IOException {
        s.setSoTimeout((int) TIMEOUT.toMillis());
        return new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
    }

    @Test
    void v1HeaderAndPipelinedLineInOneSegment() throws Exception {
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0).withProxyProtocol(proxy()));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(LineReader.concat(
                    ProxyHeaders.v1("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25"), "first\r\n".getBytes(US_ASCII)));
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("hello 192.0.2.7 secure=false");
            assertThat(in.readLine()).isEqualTo("echo first");
        }
    }

    @Test
    void v2HeaderInFragmentsAndLocalCommand() throws Exception {
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0).withProxyProtocol(proxy("127.0.0.0/8")));
        byte[] header = ProxyHeaders.v2("2001:db8::5", 40000, "2001:db8::1", 143, 20);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(header, 0, 10);
            out.flush();
            Thread.sleep(50);
            out.write(header, 10, header.length - 10);
            assertThat(reader(s).readLine()).isEqualTo("hello 2001:db8:0:0:0:0:0:5 secure=false");
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(ProxyHeaders.v2Raw(0x20, 0x00, new byte[0]));
            assertThat(reader(s).readLine()).as("LOCAL keeps the socket's address").isEqualTo("hello 127.0.0.1 secure=false");
        }
    }

    @Test
    void noHeaderBadHeaderSilenceOrUntrustedPeerGetNoGreeting() throws Exception {
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0).withProxyProtocol(proxy()));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("EHLO client\r\n".getBytes(US_ASCII));
            assertThat(reader(s).readLine()).isNull();
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(ProxyHeaders.v1("PROXY TCP4 192.0.2.7 127.0.0.1 99999 25"));
            assertThat(reader(s).readLine()).isNull();
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            long started = System.nanoTime();
            assertThat(reader(s).readLine()).as("header timeout").isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500), TIMEOUT);
        }
        // The client sees the close before the listener's close handler has run: wait for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (listener.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listener.activeConnections()).isZero();
        listener.stop();
        port = start(new ListenerOptions("127.0.0.1", 0, 10, 0).withProxyProtocol(proxy("10.0.0.0/8")));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(ProxyHeaders.v1("PROXY TCP4 192.0.2.7 127.0.0.1 4000 25"));
            assertThat(reader(s).readLine()).as("127.0.0.1 is not a trusted proxy").isNull();
        }
    }

    @Test
    void implicitTlsStartsAfterTheHeaderEvenWhenTheClientHelloIsInTheSameSegment() throws Exception {
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0, TcpListenerTest.testTls(), true)
                .withProxyProtocol(proxy()));
        byte[] header = ProxyHeaders.v2("203.0.113.9", 40000, "127.0.0.1", 993, 0);
        // The header goes out glued to the ClientHello, in one write: the server reads both at once.
        Socket plain = new Socket("127.0.0.1", port) {
            private OutputStream out;

            @Override
            public synchronized OutputStream getOutputStream() throws IOException {
                if (out == null) {
                    out = new FilterOutputStream(super.getOutputStream()) {
                        private boolean sent;

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            if (!sent) {
                                sent = true;
                                byte[] glued = LineReader.concat(header, java.util.Arrays.copyOfRange(b, off, off + len));
                                super.out.write(glued);
                            } else {
                                super.out.write(b, off, len);
                            }
                        }
                    };
                }
                return out;
            }
        };
        try (SSLSocket tls = (SSLSocket) TcpListenerTest.trustingContext().getSocketFactory()
                .createSocket(plain, "localhost", port, true)) {
            tls.startHandshake();
            BufferedReader in = reader(tls);
            assertThat(in.readLine()).isEqualTo("hello 203.0.113.9 secure=true");
            tls.getOutputStream().write("over tls\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo over tls");
        }
    }

    @Test
    void implicitTlsWithoutHeaderIsClosed() throws Exception {
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0, TcpListenerTest.testTls(), true)
                .withProxyProtocol(proxy()));
        try (SSLSocket tls = (SSLSocket) TcpListenerTest.trustingContext().getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            tls.setSoTimeout((int) TIMEOUT.toMillis());
            org.assertj.core.api.Assertions.assertThatThrownBy(tls::startHandshake).isInstanceOf(IOException.class);
        }
    }

    @Test
    void drainTellsEverySessionAndServesNoNewConnection() throws Exception {
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0));
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            BufferedReader inA = reader(a);
            BufferedReader inB = reader(b);
            assertThat(inA.readLine()).startsWith("hello");
            assertThat(inB.readLine()).startsWith("hello");
            CompletableFuture<Void> drained = listener.drain(TIMEOUT);
            assertThat(listener.isListening()).isFalse();
            assertThat(inA.readLine()).isEqualTo("draining");
            assertThat(inA.readLine()).isNull();
            assertThat(inB.readLine()).isEqualTo("draining");
            drained.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(listener.activeConnections()).isZero();
            try (Socket late = new Socket("127.0.0.1", port)) {
                assertThat(reader(late).readLine()).as("no greeting after the drain started").isNull();
            }
            assertThat(listener.drain(TIMEOUT)).isSameAs(drained);
        }
    }

    @Test
    void drainClosesWhatIsLeftAtTheBound() throws Exception {
        answerDrain = false;
        int port = start(new ListenerOptions("127.0.0.1", 0, 10, 0));
        try (Socket a = new Socket("127.0.0.1", port)) {
            BufferedReader in = reader(a);
            assertThat(in.readLine()).startsWith("hello");
            long started = System.nanoTime();
            CompletableFuture<Void> drained = listener.drain(Duration.ofMillis(500));
            a.getOutputStream().write("still here\r\n".getBytes(US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo still here");
            assertThat(in.readLine()).isNull();
            drained.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        }
    }

    @Test
    void drainOfAnIdleListenerCompletesAtOnce() throws Exception {
        start(new ListenerOptions("127.0.0.1", 0, 10, 0));
        listener.drain(Duration.ofMinutes(1)).get(1, TimeUnit.SECONDS);
    }
}

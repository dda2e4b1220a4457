package io.mailstream.smtp.bench;

import io.mailstream.net.ListenerOptions;
import io.mailstream.net.TcpListener;
import io.mailstream.smtp.ConnectionLimiter;
import io.mailstream.smtp.ListenerPolicy;
import io.mailstream.smtp.PolicyResult;
import io.mailstream.smtp.SessionServices;
import io.mailstream.smtp.SmtpMetrics;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpSessionFactory;
import io.mailstream.smtp.SmtpSettings;
import io.mailstream.smtp.command.CommandRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Accept throughput and time-to-250 of the SMTP ingress. Not a test: run it by hand.
 *
 * <pre>
 * smtp-ingress/bench.sh [-Dbench.seconds=10] [-Dbench.warmup-seconds=60] [-Dbench.target=host:port -Dbench.rcpt=user@domain]
 * </pre>
 *
 * Without {@code bench.target} it starts the ingress in process in discard mode (the real session
 * and listener, a sink that drops the message), so the figures are the SMTP engine's alone. With
 * a target it drives a running server (e.g. the full local stack; recipient
 * {@code bench.rcpt}, default {@code postmaster}). For each message size (4 KB, 100 KB), session
 * count (10, 50) and connection mode (new connection per message, one connection reused), it
 * prints messages per second and the p50/p99 time from the end of the message text to the 250.
 * The client runs on the same machine and shares its cores with the server. Before the first
 * scenario it sends 4 KB messages for {@code bench.warmup-seconds} (default {@code bench.seconds}),
 * half with a new connection per message, half reusing them, so that the JIT has compiled the
 * server's hot paths.
 */
public final class SmtpBenchmark {

    private SmtpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // One INFO line per accepted message would measure the console, not the server.
        System.setProperty("org.jboss.logging.provider", "jdk");
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
        int seconds = Integer.getInteger("bench.seconds", 5);
        int warmup = Math.max(2, Integer.getInteger("bench.warmup-seconds", seconds) / 2);
        String target = System.getProperty("bench.target");
        String rcpt = System.getProperty("bench.rcpt", "postmaster");
        Vertx vertx = null;
        TcpListener listener = null;
        ExecutorService workers = null;
        String host = "127.0.0.1";
        int port;
        if (target == null) {
            vertx = Vertx.vertx();
            workers = Executors.newFixedThreadPool(64);
            SessionServices services = new SessionServices(SmtpSettings.defaults("bench.test"), ListenerPolicy.MX,
                    CommandRegistry.standard(), (r, c) -> PolicyResult.accept(SmtpReplies.RECIPIENT_OK),
                    message -> { }, SessionServices.NO_PASSWORDS, ConnectionLimiter.unlimited(),
                    SessionServices.IMMEDIATE, new SmtpMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
            listener = new TcpListener(vertx, "bench", new ListenerOptions(host, 0, 10_000, 60),
                    new SmtpSessionFactory(services), workers);
            port = listener.start();
            System.out.println("discard mode: in-process ingress on port " + port);
        } else {
            host = target.substring(0, target.lastIndexOf(':'));
            port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            System.out.println("target " + target);
        }
        try {
            System.out.println("warming up ...");
            run(host, port, rcpt, 4 * 1024, 10, false, warmup, false);
            run(host, port, rcpt, 4 * 1024, 10, true, warmup, false);
            System.out.printf("%-6s %-8s %-10s %10s %10s %10s %8s%n", "size", "sessions", "connection", "msg/s",
                    "p50 ms", "p99 ms", "errors");
            for (int size : new int[] {4 * 1024, 100 * 1024}) {
                for (int sessions : new int[] {10, 50}) {
                    for (boolean reuse : new boolean[] {false, true}) {
                        run(host, port, rcpt, size, sessions, reuse, seconds, true);
                    }
                }
            }
        } finally {
            if (listener != null) {
                listener.stop();
                workers.shutdownNow();
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(String host, int port, String rcpt, int size, int sessions, boolean reuse, int seconds,
            boolean report) throws InterruptedException {
        byte[] message = message(size);
        AtomicBoolean stop = new AtomicBoolean();
        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Client c = new Client(host, port, rcpt, message, reuse, stop);
            clients.add(c);
            Thread t = new Thread(c, "bench-" + i);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
        long errors = clients.stream().mapToLong(c -> c.errors).sum();
        if (!report) {
            return;
        }
        System.out.printf("%-6s %-8d %-10s %10.0f %10.2f %10.2f %8d%n", size / 1024 + "K", sessions,
                reuse ? "reuse" : "new", all.length / elapsed, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6,
                errors);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static byte[] message(int size) {
        StringBuilder sb = new StringBuilder("From: bench@bench.test\r\nTo: postmaster\r\nSubject: bench\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (sb.length() + line.length() <= size) {
            sb.append(line);
        }
        return sb.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One SMTP client sending messages back to back until told to stop. */
    private static final class Client implements Runnable {
        private final String host;
        private final int port;
        private final String rcpt;
        private final byte[] message;
        private final boolean reuse;
        private final AtomicBoolean stop;
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Client(String host, int port, String rcpt, byte[] message, boolean reuse, AtomicBoolean stop) {
            this.host = host;
            this.port = port;
            this.rcpt = rcpt;
            this.message = message;
            this.reuse = reuse;
            this.stop = stop;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    if (socket == null) {
                        connect();
                    }
                    send();
                    if (!reuse) {
                        command("QUIT");
                        socket.close();
                        socket = null;
                    }
                } catch (IOException e) {
                    errors++;
                    closeQuietly();
                }
            }
            closeQuietly();
        }

        private void connect() throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            expect(reply(), '2');
            expect(command("EHLO bench.test"), '2');
        }

        private void send() throws IOException {
            out.write(("MAIL FROM:<bench@bench.test>\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(reply(), '2');
            expect(reply(), '2');
            expect(reply(), '3');
            out.write(message);
            out.flush();
            long t0 = System.nanoTime();
            expect(reply(), '2');
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - t0;
        }

        private String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        private String reply() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        throw new IOException("closed");
                    }
                    line.append((char) b);
                }
                sb.append(line).append('\n');
                if (line.length() < 4 || line.charAt(3) == ' ') {
                    return sb.toString();
                }
            }
        }

        private static void expect(String reply, char first) throws IOException {
            if (reply.isEmpty() || reply.charAt(0) != first) {
                throw new IOException("unexpected reply " + reply.trim());
            }
        }

        private void closeQuietly() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // already gone
            }
            socket = null;
        }
    }
}

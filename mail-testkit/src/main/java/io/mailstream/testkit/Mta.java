package io.mailstream.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A well-behaved scripted MTA for {@link FakeSmtpServer}: answers EHLO with its extensions, takes
 * STARTTLS, decides each recipient with {@link #rcpt} and the end of data with {@link #data}, and
 * records every message it got. Fields may be changed between deliveries.
 */
public final class Mta implements FakeSmtpServer.Handler {

    /** One message as received: the wire bytes after DATA (still dot-stuffed) and the commands. */
    public record Received(String helo, String mailFrom, List<String> rcptTo, byte[] wire, boolean tls,
            List<String> commands) {
        public byte[] content() {
            return FakeSmtpServer.unstuff(wire);
        }
    }

    public volatile String greeting = "220 mx.remote.test ESMTP fake";
    public volatile List<String> extensions = List.of("PIPELINING", "SIZE 10485760", "8BITMIME", "STARTTLS",
            "SMTPUTF8");
    public volatile boolean ehlo = true;
    public volatile Function<String, String> mail = from -> "250 2.1.0 ok";
    public volatile Function<String, String> rcpt = to -> "250 2.1.5 ok";
    public volatile Function<Received, String> data = m -> "250 2.0.0 queued as 1";
    /** When set, MAIL needs a prior AUTH PLAIN with these credentials ("user\0password"). */
    public volatile String login;
    /** Hang up after each message, as a server that does not keep idle connections. */
    public volatile boolean hangUpAfterMessage;
    public final List<Received> received = new CopyOnWriteArrayList<>();

    @Override
    public void handle(FakeSmtpServer.Conversation c) throws IOException {
        c.reply(greeting);
        String helo = null;
        String from = null;
        List<String> to = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        boolean authenticated = false;
        String line;
        while ((line = c.readLine()) != null) {
            commands.add(line);
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> {
                    if (!ehlo) {
                        c.reply("502 5.5.1 EHLO not implemented");
                        break;
                    }
                    helo = line.substring(5);
                    List<String> lines = new ArrayList<>(List.of("mx.remote.test hello"));
                    extensions.stream().filter(e -> !(c.isSecure() && e.equals("STARTTLS"))).forEach(lines::add);
                    String[] out = new String[lines.size()];
                    for (int i = 0; i < lines.size(); i++) {
                        out[i] = "250" + (i == lines.size() - 1 ? " " : "-") + lines.get(i);
                    }
                    c.reply(out);
                }
                case "HELO" -> {
                    helo = line.substring(5);
                    c.reply("250 mx.remote.test");
                }
                case "STARTTLS" -> {
                    c.reply("220 2.0.0 Ready to start TLS");
                    c.startTls();
                    helo = null;
                    from = null;
                    to.clear();
                }
                case "AUTH" -> {
                    String given = line.length() > 11 ? new String(java.util.Base64.getDecoder()
                            .decode(line.substring(11).trim()), java.nio.charset.StandardCharsets.UTF_8) : "";
                    authenticated = login != null && given.equals("\0" + login);
                    c.reply(authenticated ? "235 2.7.0 ok" : "535 5.7.8 bad credentials");
                }
                case "MAIL" -> {
                    String r = login != null && !authenticated ? "530 5.7.0 authentication required"
                            : mail.apply(line);
                    from = r.startsWith("2") ? line : null;
                    to.clear();
                    c.reply(r);
                }
                case "RCPT" -> {
                    String addr = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                    String r = from == null ? "503 5.5.1 need MAIL" : rcpt.apply(addr);
                    if (r.startsWith("2")) {
                        to.add(addr);
                    }
                    c.reply(r);
                }
                case "DATA" -> {
                    if (to.isEmpty()) {
                        c.reply("554 5.5.1 no valid recipients");
                        break;
                    }
                    // Read before the reply: a test that sets it after this message's 250 means the next one.
                    boolean hangUp = hangUpAfterMessage;
                    c.reply("354 go ahead");
                    Received m = new Received(helo, from, List.copyOf(to), c.readData(), c.isSecure(),
                            List.copyOf(commands));
                    String r = data.apply(m);
                    if (r.startsWith("2")) {
                        received.add(m);
                    }
                    c.reply(r);
                    from = null;
                    to.clear();
                    if (hangUp) {
                        return;
                    }
                }
                case "RSET" -> {
                    from = null;
                    to.clear();
                    c.reply("250 2.0.0 ok");
                }
                case "QUIT" -> {
                    c.reply("221 2.0.0 bye");
                    return;
                }
                default -> c.reply("500 5.5.2 what?");
            }
        }
    }
}

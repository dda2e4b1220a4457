package io.mailstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages of one scale-out run: message {@code i} goes to 1..maxRecipients of the accounts
 * {@code u001@domain ... uNNN@domain} (chosen from {@code i}, so any process can recompute them)
 * and carries the Message-ID {@code <scale.RUN.i@domain>}, by which the census finds it again.
 */
final class ScaleOutMail {

    static final String SENDER = "sender@remote.test";

    private final String run;
    private final String domain;
    private final int accounts;
    private final int maxRecipients;
    private final int bodyLines;
    private final Pattern messageId;

    ScaleOutMail(String run, String domain, int accounts, int maxRecipients, int size) {
        this.run = run;
        this.domain = domain;
        this.accounts = accounts;
        this.maxRecipients = Math.min(maxRecipients, accounts);
        this.bodyLines = Math.max(1, size / 78);
        this.messageId = Pattern.compile("<scale\\." + Pattern.quote(run) + "\\.(\\d+)@" + Pattern.quote(domain) + ">");
    }

    static String account(int n, String domain) {
        return String.format("u%03d@%s", n + 1, domain);
    }

    List<String> recipients(int i) {
        SplittableRandom random = new SplittableRandom(i * 7919L + 17);
        int n = 1 + random.nextInt(maxRecipients);
        List<String> out = new ArrayList<>(n);
        int first = random.nextInt(accounts);
        for (int k = 0; k < n; k++) {
            out.add(account((first + k) % accounts, domain));
        }
        return out;
    }

    /** The message, CRLF line ends, no line starting with a dot (so it needs no dot-stuffing). */
    String message(int i) {
        StringBuilder sb = new StringBuilder(bodyLines * 80 + 400)
                .append("From: <").append(SENDER).append(">\r\n")
                .append("To: ").append(String.join(", ", recipients(i))).append("\r\n")
                .append("Subject: scale-out message ").append(i).append("\r\n")
                .append("Message-ID: <scale.").append(run).append('.').append(i).append('@').append(domain).append(">\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        for (int line = 0; line < bodyLines; line++) {
            sb.append("Line ").append(line).append(" of a message that one ingress may be killed in the middle of.\r\n");
        }
        return sb.toString();
    }

    /** The number {@code i} of this run's Message-ID in {@code text}, or -1. */
    int numberIn(String text) {
        Matcher m = messageId.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}

package io.mailstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The figures of a scale-out run: every (accepted message, recipient) pair is expected once in
 * that recipient's INBOX; pairs found twice are duplicates, split into those a broken-off session
 * explains (the retry made a second copy) and those nothing explains (a bug: at-least-once
 * delivery leaking through the idempotent store).
 */
record ScaleOutReport(long copiesInMailboxes, long messagesComplete, long missingCopies, long explainedDuplicates,
        long unexplainedDuplicates, long copiesOfUnacceptedMessages, List<String> examples) {

    static ScaleOutReport of(int count, RetryingSender.Outcome sent, ScaleOutMail mail,
            Map<String, Map<Integer, Integer>> census) {
        long inMailboxes = census.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum();
        long complete = 0;
        long missing = 0;
        long explained = 0;
        long unexplained = 0;
        long unaccepted = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean whole = true;
            for (String rcpt : mail.recipients(i)) {
                int copies = census.getOrDefault(rcpt, Map.of()).getOrDefault(i, 0);
                if (!sent.accepted()[i]) {
                    unaccepted += copies;
                    continue;
                }
                if (copies == 0) {
                    missing++;
                    whole = false;
                    note(examples, "missing: message " + i + " for " + rcpt);
                } else if (copies > 1 && sent.brokeOff()[i]) {
                    explained += copies - 1;
                } else if (copies > 1) {
                    unexplained += copies - 1;
                    note(examples, "duplicate: message " + i + " x" + copies + " for " + rcpt);
                }
            }
            if (sent.accepted()[i] && whole) {
                complete++;
            }
        }
        return new ScaleOutReport(inMailboxes, complete, missing, explained, unexplained, unaccepted, examples);
    }

    private static void note(List<String> examples, String line) {
        if (examples.size() < 10) {
            examples.add(line);
        }
    }

    boolean passed() {
        return missingCopies == 0 && unexplainedDuplicates == 0;
    }

    /**
     * @param drainSeconds  from the last 250 until every copy was in (or waiting stopped)
     * @param otherSeconds  the rest of the elapsed time (logins, the final recount), so that the
     *                      delivered rate is taken over sending + draining only
     */
    String format(RetryingSender.Outcome sent, long expectedCopies, double drainSeconds, double otherSeconds) {
        double sendSeconds = sent.elapsedNanos() / 1e9;
        double deliveredSeconds = sendSeconds + drainSeconds;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nscale-out result: %s%n", passed() ? "PASS" : "FAIL"));
        row(sb, "messages to send", sent.accepted().length);
        row(sb, "accepted (250)", sent.accepted250());
        row(sb, "retried attempts", sent.retried());
        row(sb, "  refused connections", sent.refusedConnects());
        row(sb, "  sessions broken off (reset, timeout)", sent.brokenSessions());
        row(sb, "rejected (5xx)", sent.rejected());
        row(sb, "given up (attempts or time exhausted)", sent.gaveUp());
        row(sb, "copies expected (accepted x recipients)", expectedCopies);
        row(sb, "copies in the mailboxes", copiesInMailboxes);
        row(sb, "accepted messages complete in every INBOX", messagesComplete);
        row(sb, "missing copies", missingCopies);
        row(sb, "duplicates, unexplained", unexplainedDuplicates);
        row(sb, "duplicates after a broken-off session (RFC 1047)", explainedDuplicates);
        row(sb, "copies of messages never answered 250", copiesOfUnacceptedMessages);
        sb.append(String.format("%-50s %,12.1f s%n", "sending", sendSeconds));
        sb.append(String.format("%-50s %,12.1f s%n", "until delivered (after the last 250)", drainSeconds));
        sb.append(String.format("%-50s %,12.1f s%n", "elapsed (with logins and the final recount)",
                deliveredSeconds + otherSeconds));
        sb.append(String.format("%-50s %,12.1f msg/s%n", "accepted per second (while sending)",
                sent.accepted250() / sendSeconds));
        sb.append(String.format("%-50s %,12.1f msg/s%n", "delivered per second (first send to last copy)",
                messagesComplete / deliveredSeconds));
        examples.forEach(e -> sb.append("  ").append(e).append('\n'));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, long value) {
        sb.append(String.format("%-50s %,12d%n", label, value));
    }
}

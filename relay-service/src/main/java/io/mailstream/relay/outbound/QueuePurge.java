package io.mailstream.relay.outbound;

import io.mailstream.core.event.MailEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * Operator purge [Postfix postsuper -d ALL deferred, restricted to a domain or an age]: removes the
 * queue entries that match, each with a {@code FAILED} trace event per open recipient and no
 * notice to the sender; or, when asked, makes their open recipients bounce with a DSN instead.
 * Entries an attempt holds right now are skipped and counted as busy (purge again later). Works in
 * single-document updates, so a purge that stops halfway leaves every entry either gone or intact.
 */
@ApplicationScoped
public class QueuePurge {

    private static final Logger LOG = Logger.getLogger(QueuePurge.class);
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");
    static final String DELETED = "purged from the queue by an operator";

    /**
     * What to purge.
     *
     * @param states         entry states to consider
     * @param domain         only this destination domain, or null
     * @param acceptedBefore only messages accepted before this, or null
     * @param bounce         bounce the open recipients with a DSN instead of deleting silently
     * @param limit          most entries handled by one request
     */
    public record Request(List<QueueEntry.State> states, String domain, Instant acceptedBefore, boolean bounce,
            int limit) {
    }

    /** {@code more}: the limit was reached and more entries may match. */
    public record Result(int deleted, int bounced, int busy, boolean more) {
    }

    @Inject
    QueueStore queue;
    @Inject
    OutboundPublisher publisher;

    public Result purge(Request r, Instant now) {
        List<QueueEntry> found = queue.matching(r.states(), r.domain(), r.acceptedBefore(), r.limit());
        int deleted = 0;
        int bounced = 0;
        int busy = 0;
        List<MailEvent> trace = new ArrayList<>();
        for (QueueEntry e : found) {
            boolean open = e.state() != QueueEntry.State.DONE;
            if (r.bounce() && open) {
                // Bounced by the next attempt (with its DSN and events); one in progress is marked too.
                if (queue.requestBounce(e, now)) {
                    bounced++;
                }
            } else if (queue.deleteIfIdle(e, now)) {
                deleted++;
                e.open().forEach(x -> trace.add(OutboundPublisher.event(e.messageId(), MailEvent.Type.FAILED,
                        x.address(), DELETED)));
            } else {
                busy++;
            }
        }
        publisher.publish(trace, List.of());
        Result result = new Result(deleted, bounced, busy, found.size() == r.limit());
        LOG.infof("operator purge (states %s, domain %s, accepted before %s, bounce %s): %s", r.states(),
                r.domain(), r.acceptedBefore(), r.bounce(), result);
        return result;
    }

    /** {@code 30m}, {@code 12h}, {@code 5d}, {@code 2w} (also {@code 90s}), or ISO-8601 ({@code PT36H}); null if neither. */
    static Duration age(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = AGE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            return d.isNegative() ? null : d;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}

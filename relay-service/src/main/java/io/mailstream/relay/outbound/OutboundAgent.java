package io.mailstream.relay.outbound;

import io.mailstream.core.dsn.BounceMessage;
import io.mailstream.core.dsn.MessageHeaders;
import io.mailstream.core.dsn.Notify;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.relay.dns.MxResolver;
import io.mailstream.relay.dns.Resolution;
import io.mailstream.relay.smtp.OutboundEnvelope;
import io.mailstream.relay.smtp.SmtpClient;
import io.mailstream.relay.smtp.SmtpReply;
import io.mailstream.store.BlobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.jboss.logging.Logger;

/**
 * One delivery attempt for the open recipients of a leased queue entry [Postfix qmgr → smtp →
 * bounce]: loop check, MX resolution, SMTP, then one classification per recipient. A DSN reports
 * failed recipients, delayed ones once (after {@code delay-warning}) and, on request, those
 * relayed to a server without DSN support, as NOTIFY asks. Trace events and the DSN are published
 * before the entry is updated, so a crash in between repeats the attempt (and may repeat its DSN,
 * under the same message id) but never loses a recipient.
 */
@ApplicationScoped
public class OutboundAgent {

    private static final Logger LOG = Logger.getLogger(OutboundAgent.class);

    private final QueueStore queue;
    private final BlobStore blobs;
    private final MxResolver resolver;
    private final SmtpClient client;
    private final RetrySchedule schedule;
    private final OutboundPublisher publisher;
    private final String hostname;
    private final int maxHops;
    private final java.time.Duration delayWarning;
    private final java.net.InetSocketAddress smarthost;
    private final io.mailstream.relay.smtp.Credentials credentials;
    private final Map<Outcome, Counter> results = new EnumMap<>(Outcome.class);
    private final Timer latency;
    private final DeferralsByDomain deferrals;
    Clock clock = Clock.systemUTC();

    @Inject
    OutboundAgent(QueueStore queue, BlobStore blobs, MxResolver resolver, SmtpClient client, RetrySchedule schedule,
            OutboundPublisher publisher, OutboundSettings settings, DeferralsByDomain deferrals, MeterRegistry registry) {
        this.queue = queue;
        this.blobs = blobs;
        this.resolver = resolver;
        this.client = client;
        this.schedule = schedule;
        this.publisher = publisher;
        this.hostname = settings.hostname();
        this.maxHops = settings.maxHops();
        this.delayWarning = settings.delayWarning();
        this.smarthost = settings.smarthost();
        this.credentials = settings.credentials();
        this.deferrals = deferrals;
        this.latency = Timer.builder("mailstream.relay.delivery.latency")
                .description("From acceptance to delivery at the remote server, per recipient").register(registry);
        for (Outcome o : Outcome.values()) {
            results.put(o, Counter.builder("mailstream.relay.delivery")
                    .description("Recipients by the result of a delivery attempt")
                    .tag("result", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
    }

    public void attempt(QueueEntry entry) {
        Instant now = clock.instant();
        List<String> open = entry.open().stream().map(RecipientState::address).toList();
        if (open.isEmpty()) {
            queue.complete(entry, entry.recipients(), QueueEntry.State.DONE, now, now, false);
            return;
        }
        Optional<byte[]> body = blobs.get(entry.blobId());
        SmtpClient.Attempt attempt = send(entry, open, body);
        int number = entry.attempts() + 1;
        Instant next = schedule.next(number, now, entry.acceptedAt());
        boolean expired = schedule.expired(entry.acceptedAt(), now);

        Map<String, RecipientState> updated = new LinkedHashMap<>();
        entry.recipients().forEach(r -> updated.put(r.address(), r));
        List<MailEvent> trace = new ArrayList<>();
        List<BounceMessage.Report> reports = new ArrayList<>();
        Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
        String remoteMta = attempt.server() == null ? null : attempt.server().replaceAll("\\[.*$", "");
        boolean delayDue = !delayWarning.isZero() && !entry.delayNotified()
                && !now.isBefore(entry.acceptedAt().plus(delayWarning));
        for (String rcpt : open) {
            SmtpReply reply = attempt.replies().get(rcpt);
            Outcome outcome = DeliveryClassifier.outcome(reply);
            String status = DeliveryClassifier.status(reply);
            String mta = reply.synthetic() ? null : remoteMta;
            boolean timedOut = outcome == Outcome.DEFERRED && expired;
            if (timedOut) {
                outcome = Outcome.BOUNCED;
                status = "5.4.7";
            }
            tally.merge(outcome, 1, Integer::sum);
            results.get(outcome).increment();
            if (outcome == Outcome.DELIVERED) {
                latency.record(java.time.Duration.between(entry.acceptedAt(), now));
            } else if (outcome == Outcome.DEFERRED) {
                deferrals.increment(entry.domain());
            }
            updated.put(rcpt, new RecipientState(rcpt, RecipientState.of(outcome), status, reply.toString(), mta, now));
            trace.add(OutboundPublisher.event(entry.messageId(), type(outcome), rcpt,
                    describe(outcome, status, reply, attempt.server(), next, expired)));
            BounceMessage.Action action = notice(entry.notifyOn(rcpt), outcome, delayDue, attempt.dsnPassedOn());
            if (action != null) {
                String diagnostic = timedOut ? "delivery time expired; last reply: " + reply : reply.toString();
                reports.add(new BounceMessage.Report(rcpt, action, status, diagnostic, !reply.synthetic() && !timedOut,
                        mta, now, entry.orcpt(rcpt), action == BounceMessage.Action.DELAYED
                                ? schedule.expiry(entry.acceptedAt()) : null));
            }
        }
        trace.add(0, OutboundPublisher.event(entry.messageId(), MailEvent.Type.ATTEMPTED, null,
                "attempt " + number + " for " + entry.domain() + " via " + (attempt.server() == null ? "no server"
                        : attempt.server()) + (attempt.tls() ? " (TLS)" : "") + ": " + tally));
        List<MessageAccepted> dsns = reports.isEmpty() ? List.of() : notification(entry, reports, body, now);
        publisher.publish(trace, dsns);

        boolean delayNotified = entry.delayNotified()
                || reports.stream().anyMatch(r -> r.action() == BounceMessage.Action.DELAYED);
        boolean deferred = updated.values().stream().anyMatch(RecipientState::isOpen);
        if (!queue.complete(entry, List.copyOf(updated.values()),
                deferred ? QueueEntry.State.DEFERRED : QueueEntry.State.DONE, deferred ? next : now, now, true,
                delayNotified)) {
            LOG.warnf("queue entry %s: lease lost during the attempt; its newer state is kept", entry.id());
        }
        LOG.infof("message %s to %s via %s: %s", entry.messageId(), entry.domain(), attempt.server(), tally);
    }

    /** What to tell the sender about one recipient, as its NOTIFY asks; null for nothing. */
    private static BounceMessage.Action notice(String notify, Outcome outcome, boolean delayDue, boolean dsnPassedOn) {
        return switch (outcome) {
            case BOUNCED -> Notify.requested(notify, Notify.FAILURE, true) ? BounceMessage.Action.FAILED : null;
            case DEFERRED -> delayDue && Notify.requested(notify, Notify.DELAY, true) ? BounceMessage.Action.DELAYED : null;
            // a server that took the DSN parameters reports success itself (RFC 3461 §4.1)
            case DELIVERED -> !dsnPassedOn && Notify.requested(notify, Notify.SUCCESS, false) ? BounceMessage.Action.RELAYED : null;
        };
    }

    private SmtpClient.Attempt send(QueueEntry entry, List<String> open, Optional<byte[]> body) {
        if (entry.bounceRequested()) {
            return all(open, SmtpReply.local(550, "5.0.0", "message bounced by the mail system administrator"));
        }
        if (body.isEmpty()) {
            return all(open, SmtpReply.local(451, "4.3.0", "message content " + entry.blobId() + " is not in the store"));
        }
        int hops = MessageHeaders.receivedCount(body.get());
        if (hops > maxHops) {
            return all(open, SmtpReply.local(554, "5.4.6", "too many hops: " + hops + " Received headers, limit "
                    + maxHops + " (mail loop?)"));
        }
        Resolution resolution = smarthost != null ? resolver.resolveHost(smarthost.getHostString(), smarthost.getPort())
                : resolver.resolve(entry.domain());
        if (resolution instanceof Resolution.Failed f) {
            return all(open, SmtpReply.local(f.permanent() ? 550 : 451, f.status(), f.detail()));
        }
        Map<String, OutboundEnvelope.RecipientDsn> dsn = new LinkedHashMap<>();
        for (String r : open) {
            if (entry.notifyOn(r) != null || entry.orcpt(r) != null) {
                dsn.put(r, new OutboundEnvelope.RecipientDsn(entry.notifyOn(r), entry.orcpt(r)));
            }
        }
        OutboundEnvelope envelope = new OutboundEnvelope(entry.sender(), open, entry.smtpUtf8(), entry.dsnRet(),
                entry.dsnEnvid(), dsn);
        return client.deliver(entry.domain(), ((Resolution.Hosts) resolution).hosts(), envelope, body.get(),
                smarthost != null ? credentials : null);
    }

    /** A DSN to the sender, as a new message; none for the null sender (RFC 5321 §6.1: never bounce a bounce). */
    private List<MessageAccepted> notification(QueueEntry entry, List<BounceMessage.Report> reports,
            Optional<byte[]> body, Instant now) {
        if (entry.sender() == null || entry.sender().isEmpty()) {
            LOG.infof("message %s: %d recipient(s) to report; the sender is null, so no DSN", entry.messageId(),
                    reports.size());
            return List.of();
        }
        TreeSet<String> what = new TreeSet<>();
        reports.forEach(r -> what.add(r.action() + ":" + r.recipient()));
        // The same report gives the same id, so a DSN repeated after a crash is stored once per mailbox.
        String dsnId = entry.messageId() + "-B" + BlobStore.sha256((entry.domain() + what)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 10);
        byte[] dsn = BounceMessage.build(new BounceMessage.Envelope(hostname, entry.messageId(), dsnId, entry.sender(),
                entry.dsnEnvid(), entry.acceptedAt(), "FULL".equalsIgnoreCase(entry.dsnRet())), now, reports,
                body.orElse(new byte[0]));
        String blobId = blobs.put(dsn);
        return List.of(new MessageAccepted(MessageAccepted.SCHEMA_VERSION, dsnId, blobId, dsn.length, "",
                List.of(entry.sender()), now, null, hostname, null));
    }

    private static String describe(Outcome outcome, String status, SmtpReply reply, String server, Instant next,
            boolean expired) {
        String where = reply.synthetic() || server == null ? "" : " from " + server;
        return switch (outcome) {
            case DELIVERED -> "delivered" + where + ": " + reply;
            case DEFERRED -> "deferred" + where + ": " + reply + "; next attempt " + next;
            case BOUNCED -> "bounced " + status + where + ": " + reply + (expired ? " (delivery time expired)" : "");
        };
    }

    private static MailEvent.Type type(Outcome o) {
        return switch (o) {
            case DELIVERED -> MailEvent.Type.DELIVERED;
            case DEFERRED -> MailEvent.Type.DEFERRED;
            case BOUNCED -> MailEvent.Type.BOUNCED;
        };
    }

    private static SmtpClient.Attempt all(List<String> recipients, SmtpReply reply) {
        Map<String, SmtpReply> replies = new LinkedHashMap<>();
        recipients.forEach(r -> replies.put(r, reply));
        return new SmtpClient.Attempt(replies, null, false);
    }
}

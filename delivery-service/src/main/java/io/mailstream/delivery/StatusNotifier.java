package io.mailstream.delivery;

import io.mailstream.core.dsn.BounceMessage;
import io.mailstream.core.dsn.Notify;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.BlobStore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The RFC 3464 delivery status notification about the copies of one {@code LocalDelivery}
 * [Postfix bounce, for local/virtual]: {@code failed} for each bounced copy (unless NOTIFY leaves
 * FAILURE out), {@code delivered} for each stored copy when NOTIFY asks for SUCCESS. It goes to the
 * envelope sender as a new message with the null sender, and never to the null sender itself, so
 * a bounce is never bounced. The same report gives the same message id ({@code <messageId>-B<hash>}),
 * so a DSN repeated after a crash or a redelivered record is stored once per mailbox.
 */
@ApplicationScoped
public class StatusNotifier {

    /** A built DSN: its message id and its bytes. */
    public record Dsn(String messageId, byte[] content) {
    }

    private final String hostname;

    @Inject
    public StatusNotifier(@ConfigProperty(name = "mailstream.hostname") Optional<String> hostname) {
        this.hostname = hostname.filter(h -> !h.isBlank()).orElseGet(StatusNotifier::localHostName);
    }

    public String hostname() {
        return hostname;
    }

    /** What the sender asked to hear about these copies, one report per copy; empty for the null sender. */
    public List<BounceMessage.Report> reports(LocalDelivery d, List<MailboxDeliverer.Delivery> deliveries,
            Instant now) {
        List<BounceMessage.Report> reports = new ArrayList<>();
        if (isNullSender(d)) {
            return reports;
        }
        for (MailboxDeliverer.Delivery delivery : deliveries) {
            BounceMessage.Action action = action(d.notifyOn(), delivery.result());
            if (action == null) {
                continue;
            }
            boolean self = delivery.account().equals(d.owner());
            String recipient = self ? d.recipient() : delivery.account();
            String expanded = self ? "" : " (expanded from <" + d.recipient() + ">)";
            String diagnostic = action == BounceMessage.Action.FAILED ? delivery.reason() : "delivered to mailbox";
            reports.add(new BounceMessage.Report(recipient, action, delivery.status(), diagnostic + expanded, false,
                    null, now, d.orcpt(), null));
        }
        return reports;
    }

    /** The DSN for {@code reports} ({@link #reports}), returning the header section or all of {@code original}. */
    public Dsn build(LocalDelivery d, List<BounceMessage.Report> reports, byte[] original, Instant now) {
        TreeSet<String> what = new TreeSet<>();
        reports.forEach(r -> what.add(r.action() + ":" + r.recipient()));
        String id = d.messageId() + "-B" + BlobStore.sha256((d.owner() + what).getBytes(StandardCharsets.UTF_8))
                .substring(0, 10);
        byte[] content = BounceMessage.build(new BounceMessage.Envelope(hostname, d.messageId(), id, d.sender(),
                d.dsnEnvid(), d.acceptedAt(), "FULL".equalsIgnoreCase(d.dsnRet())), now, reports, original);
        return new Dsn(id, content);
    }

    /** The DSN as an accepted message with the null sender, stored as {@code blobId}, for relay-service to route. */
    public MessageAccepted message(LocalDelivery d, Dsn dsn, String blobId, Instant now) {
        return new MessageAccepted(MessageAccepted.SCHEMA_VERSION, dsn.messageId(), blobId, dsn.content().length, "",
                List.of(d.sender()), now, null, hostname, null);
    }

    /** Why no DSN is sent for a bounced copy, for the trace; null when one is. */
    static String whyNone(LocalDelivery d) {
        if (isNullSender(d)) {
            return "no DSN: null sender";
        }
        return Notify.requested(d.notifyOn(), Notify.FAILURE, true) ? null : "no DSN: NOTIFY=" + d.notifyOn();
    }

    private static BounceMessage.Action action(String notify, MailboxDeliverer.Result result) {
        return switch (result) {
            case BOUNCED -> Notify.requested(notify, Notify.FAILURE, true) ? BounceMessage.Action.FAILED : null;
            // a duplicate was stored by an earlier attempt, whose DSN may have been lost with it
            case STORED, DUPLICATE -> Notify.requested(notify, Notify.SUCCESS, false)
                    ? BounceMessage.Action.DELIVERED : null;
            // a copy deferred for quota is not reported until it is delivered or bounces
            case DEFERRED -> null;
        };
    }

    private static boolean isNullSender(LocalDelivery d) {
        return d.sender() == null || d.sender().isBlank();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

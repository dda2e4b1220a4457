package io.mailstream.relay;

import io.mailstream.core.MailAddress;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.core.event.RemoteDelivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Splits the recipients of an accepted message into local mailboxes and remote domains
 * [Postfix trivial-rewrite]. A recipient is local when its domain is one of ours; its mailbox
 * owner is the case-folded address, so {@code Alice@Example.TEST} and {@code alice@example.test}
 * get one copy. Remote recipients are grouped by domain, one delivery per domain, without
 * duplicates. The order of first appearance is kept.
 */
public final class RecipientRouter {

    private final Predicate<String> isLocalDomain;

    /** @param isLocalDomain answers for a normalized domain; may throw when the directory is down */
    public RecipientRouter(Predicate<String> isLocalDomain) {
        this.isLocalDomain = isLocalDomain;
    }

    public Routes route(MessageAccepted m) {
        check(m);
        Map<String, Boolean> localDomains = new HashMap<>();
        Map<String, LocalDelivery> local = new LinkedHashMap<>();
        Map<String, Set<String>> remote = new LinkedHashMap<>();
        List<Routes.Unroutable> unroutable = new ArrayList<>();
        Map<String, MessageAccepted.RecipientDsn> dsnByAddress = dsnByAddress(m);
        for (String recipient : m.recipients()) {
            MailAddress address;
            try {
                address = MailAddress.parse(recipient);
            } catch (IllegalArgumentException e) {
                unroutable.add(new Routes.Unroutable(recipient, e.getMessage()));
                continue;
            }
            if (localDomains.computeIfAbsent(address.domain(), isLocalDomain::test)) {
                // The recipient's NOTIFY and ORCPT travel with its copy: delivery-service's bounces honour them.
                MessageAccepted.RecipientDsn dsn = dsnByAddress.get(address.toString());
                local.putIfAbsent(address.key(), new LocalDelivery(LocalDelivery.SCHEMA_VERSION, m.messageId(),
                        m.blobId(), m.size(), m.sender(), recipient, address.key(), m.acceptedAt(), m.dsnRet(),
                        m.dsnEnvid(), dsn == null ? null : dsn.notifyOn(), dsn == null ? null : dsn.orcpt()));
            } else {
                remote.computeIfAbsent(address.domain(), d -> new LinkedHashSet<>()).add(address.toString());
            }
        }
        List<RemoteDelivery> remoteDeliveries = new ArrayList<>();
        remote.forEach((domain, recipients) -> remoteDeliveries.add(new RemoteDelivery(RemoteDelivery.SCHEMA_VERSION,
                m.messageId(), m.blobId(), m.size(), m.sender(), domain, List.copyOf(recipients), m.acceptedAt(),
                m.smtpUtf8(), m.dsnRet(), m.dsnEnvid(), recipients.stream().filter(dsnByAddress::containsKey)
                        .map(r -> new MessageAccepted.RecipientDsn(r, dsnByAddress.get(r).notifyOn(),
                                dsnByAddress.get(r).orcpt())).toList())));
        return new Routes(List.copyOf(local.values()), remoteDeliveries, unroutable);
    }

    /** DSN parameters by the address as it is put into a RemoteDelivery (domain normalized). */
    private static Map<String, MessageAccepted.RecipientDsn> dsnByAddress(MessageAccepted m) {
        Map<String, MessageAccepted.RecipientDsn> out = new HashMap<>();
        for (MessageAccepted.RecipientDsn d : m.recipientDsn()) {
            try {
                out.putIfAbsent(MailAddress.parse(d.recipient()).toString(), d);
            } catch (IllegalArgumentException e) {
                // its recipient is unroutable anyway
            }
        }
        return out;
    }

    /** A record without these fields cannot be delivered however often it is retried. */
    private static void check(MessageAccepted m) {
        if (m.messageId() == null || m.messageId().isBlank()) {
            throw new UnroutableMessage("message has no messageId");
        }
        if (m.blobId() == null || m.blobId().isBlank()) {
            throw new UnroutableMessage("message " + m.messageId() + " has no blobId");
        }
        if (m.acceptedAt() == null) {
            throw new UnroutableMessage("message " + m.messageId() + " has no acceptedAt");
        }
    }
}

package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.BlobStore;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A copy of a local delivery sent on to a remote address an alias names [Postfix virtual alias to a
 * remote address]. It goes back to {@code mail.inbound} as a new accepted message, so relay-service
 * routes, queues, retries and bounces it like any other mail. Its message id is derived from the
 * original id and the target, so a redelivered record produces the same message (one queue entry),
 * and two aliases of one message forwarding to the same address produce one copy. The envelope
 * sender is kept (the null sender stays null, so a bounce never bounces), and so are the DSN
 * parameters (RET, ENVID; NOTIFY and ORCPT for the target), so the relay reports to the sender as
 * asked; the message gets
 * {@code Delivered-To:} with the alias, which ends a loop through a remote system at its return.
 */
public final class Forward {

    static final String HELO = "delivery-service";

    private Forward() {
    }

    public static String messageId(String messageId, String target) {
        String hash = BlobStore.sha256(target.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return messageId + "-F" + hash.substring(0, 12);
    }

    /**
     * The bytes forwarded for {@code d}: the received message with {@code Delivered-To:} naming the
     * expanded recipient, so the copy bounces with 5.4.6 if it ever comes back (see {@link DeliveredTo}).
     */
    public static byte[] content(LocalDelivery d, byte[] original) {
        return DeliveredTo.prepend(d.owner(), original);
    }

    /** The forward of {@code d} to {@code target}, whose bytes ({@link #content}) are stored as {@code blobId}. */
    public static MessageAccepted of(LocalDelivery d, String target, String blobId, long size) {
        List<MessageAccepted.RecipientDsn> dsn = d.notifyOn() == null && d.orcpt() == null ? List.of()
                : List.of(new MessageAccepted.RecipientDsn(target, d.notifyOn(), d.orcpt()));
        return new MessageAccepted(MessageAccepted.SCHEMA_VERSION, messageId(d.messageId(), target), blobId, size,
                d.sender(), List.of(target), d.acceptedAt(), null, HELO, null, false, d.dsnRet(), d.dsnEnvid(), dsn);
    }
}

package io.mailstream.smtp;

import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.BlobStore;
import io.mailstream.store.StoreException;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The durability contract of DESIGN.md: the raw bytes go to the blob store, then a
 * {@link MessageAccepted} (envelope + blob id, never the body) goes to {@code mail.inbound} and we
 * wait for the broker's acknowledgement (acks=all, idempotent producer). Only then does
 * {@link #accept} return and the client hear 250. A blob whose event never got out is
 * unreferenced and harmless: the client retries and the same bytes share the same blob.
 */
@Singleton
public class DurableMessageSink implements MessageSink {

    private static final Logger LOG = Logger.getLogger(DurableMessageSink.class);
    static final String SERVICE = "smtp-ingress";

    private final BlobStore blobs;
    private final Emitter<MessageAccepted> inbound;
    private final Emitter<MailEvent> events;
    private final Duration ackTimeout;

    @Inject
    public DurableMessageSink(BlobStore blobs, @Channel("inbound") Emitter<MessageAccepted> inbound,
            @Channel("events") Emitter<MailEvent> events, SmtpConfig config) {
        this(blobs, inbound, events, config.publishTimeout());
    }

    DurableMessageSink(BlobStore blobs, Emitter<MessageAccepted> inbound, Emitter<MailEvent> events,
            Duration ackTimeout) {
        this.blobs = blobs;
        this.inbound = inbound;
        this.events = events;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void accept(IncomingMessage message) throws MessageSinkException {
        String blobId;
        try {
            blobId = blobs.put(message.content());
        } catch (StoreException e) {
            throw new MessageSinkException("blob store: " + e.getMessage(), e);
        }
        MessageAccepted accepted = new MessageAccepted(MessageAccepted.SCHEMA_VERSION, message.queueId(), blobId,
                message.content().length, message.envelope().sender(), message.envelope().recipients(),
                message.receivedAt(), message.clientAddress(), message.heloName(), message.authUser(),
                message.options().smtpUtf8(), message.options().dsnRet(), message.options().dsnEnvid(),
                message.recipientDsn());
        publishAndWait(accepted);
        trace(message, blobId);
    }

    private void publishAndWait(MessageAccepted accepted) throws MessageSinkException {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<MessageAccepted> record = Message.of(accepted)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(accepted.messageId()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    acked.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            inbound.send(record);
            acked.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MessageSinkException("broker refused " + accepted.messageId() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new MessageSinkException("no broker acknowledgement for " + accepted.messageId() + " within "
                    + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageSinkException("interrupted while publishing " + accepted.messageId(), e);
        } catch (RuntimeException e) {
            // Emitter overflow or a channel that is down.
            throw new MessageSinkException("could not publish " + accepted.messageId() + ": " + e.getMessage(), e);
        }
    }

    /** The trace event is best effort: the message is already safe, so a failure here only logs. */
    private void trace(IncomingMessage message, String blobId) {
        MailEvent event = MailEvent.of(message.queueId(), MailEvent.Type.ACCEPTED, null, SERVICE,
                "from=<" + message.envelope().sender() + "> nrcpt=" + message.envelope().recipients().size()
                        + " size=" + message.content().length + " blob=" + blobId + " client=" + message.clientAddress());
        try {
            events.send(Message.of(event)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(message.queueId()).build())
                    .withNack(e -> {
                        LOG.warnf("%s: ACCEPTED event not published: %s", message.queueId(), e.getMessage());
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            LOG.warnf("%s: ACCEPTED event not published: %s", message.queueId(), e.getMessage());
        }
    }
}

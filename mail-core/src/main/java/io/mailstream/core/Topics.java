package io.mailstream.core;

/**
 * Kafka topic names. Services bind channels to these in their application.properties; the
 * constants exist for tooling, tests and the local stack, which create the topics up front.
 */
public final class Topics {
    /** smtp-ingress → relay-service: every accepted message, envelope + blob id. */
    public static final String INBOUND = "mail.inbound";
    /** relay-service → delivery-service: one record per local recipient, keyed by mailbox owner. */
    public static final String LOCAL = "mail.local";
    /** relay-service: remote recipients waiting for outbound delivery (consumed by the outbound agent). */
    public static final String REMOTE = "mail.remote";
    /** delivery-service → itself: local deliveries deferred (over quota), retried after a delay. */
    public static final String LOCAL_DEFERRED = "mail.local.deferred";
    /** delivery-service → mailbox-api: a mailbox changed (IMAP IDLE). */
    public static final String MAILBOX_CHANGES = "mailbox.changes";
    /** every service: the message trace (accepted, routed, delivered, ...). */
    public static final String EVENTS = "mail.events";
    /** Dead-letter topics: a record that cannot be processed lands here with its reason. */
    public static final String INBOUND_DLQ = "mail.inbound.dlq";
    public static final String LOCAL_DLQ = "mail.local.dlq";
    /** relay-service: a remote delivery that cannot be processed (unreadable, no message id). */
    public static final String REMOTE_DLQ = "mail.remote.dlq";

    public static final String[] ALL = {INBOUND, LOCAL, REMOTE, MAILBOX_CHANGES, EVENTS, INBOUND_DLQ, LOCAL_DLQ,
        REMOTE_DLQ, LOCAL_DEFERRED};

    private Topics() {
    }
}

package io.mailstream.store.summary;

import java.util.List;

/**
 * The header fields of an IMAP ENVELOPE (RFC 3501 7.4.2) as one message states them: Date, Subject,
 * In-Reply-To and Message-ID unfolded as written (encoded words left for the client), the address
 * fields read by {@link AddressList} (all fields of a name joined; empty when there is none).
 * Sender and Reply-To stay empty when absent: the IMAP server puts From in their place.
 */
public record Envelope(String date, String subject, List<EnvelopeAddress> from, List<EnvelopeAddress> sender,
        List<EnvelopeAddress> replyTo, List<EnvelopeAddress> to, List<EnvelopeAddress> cc, List<EnvelopeAddress> bcc,
        String inReplyTo, String messageId) {

    /** A header section as the envelope reads it. */
    public interface Header {
        /** The unfolded value of the first field with this name (any case), or null. */
        String first(String name);

        /** All values of the fields with this name joined with {@code ", "}, or null. */
        String joined(String name);
    }

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    public static Envelope of(Header h) {
        return new Envelope(h.first("Date"), h.first("Subject"), AddressList.parse(h.joined("From")),
                AddressList.parse(h.joined("Sender")), AddressList.parse(h.joined("Reply-To")),
                AddressList.parse(h.joined("To")), AddressList.parse(h.joined("Cc")),
                AddressList.parse(h.joined("Bcc")), h.first("In-Reply-To"), h.first("Message-ID"));
    }
}

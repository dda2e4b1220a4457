package io.mailstream.mailbox.imap.encode;

import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.store.summary.Envelope;
import io.mailstream.store.summary.EnvelopeAddress;

import java.util.List;

/**
 * ENVELOPE (RFC 3501 7.4.2): date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to,
 * message-id, from the header as written (unfolded; encoded words left for the client): read from
 * a header section, or as stored in the message's summary at delivery.
 */
public final class EnvelopeEncoder {

    private EnvelopeEncoder() {
    }

    public static void write(ResponseWriter w, HeaderSection h) {
        write(w, Envelope.of(h));
    }

    public static void write(ResponseWriter w, Envelope e) {
        w.open();
        w.nstring(e.date());
        w.nstring(e.subject());
        addresses(w, e.from());
        // The server defaults Sender and Reply-To to From when they are absent.
        addresses(w, e.sender().isEmpty() ? e.from() : e.sender());
        addresses(w, e.replyTo().isEmpty() ? e.from() : e.replyTo());
        addresses(w, e.to());
        addresses(w, e.cc());
        addresses(w, e.bcc());
        w.nstring(e.inReplyTo());
        w.nstring(e.messageId());
        w.close();
    }

    private static void addresses(ResponseWriter w, List<EnvelopeAddress> list) {
        if (list.isEmpty()) {
            w.nil();
            return;
        }
        w.open();
        for (EnvelopeAddress a : list) {
            // 1*address: the grammar has no space between addresses
            w.openAdjacent().nstring(a.name()).nstring(a.adl()).nstring(a.mailbox()).nstring(a.host()).close();
        }
        w.close();
    }
}

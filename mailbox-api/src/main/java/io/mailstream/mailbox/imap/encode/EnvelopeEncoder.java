package io.mailstream.mailbox.imap.encode;

import io.mailstream.mailbox.imap.message.AddressParser;
import io.mailstream.mailbox.imap.message.AddressParser.Address;
import io.mailstream.mailbox.imap.message.HeaderSection;

import java.util.List;

/**
 * ENVELOPE (RFC 3501 7.4.2): date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to,
 * message-id, from the header as written (unfolded; encoded words left for the client).
 */
public final class EnvelopeEncoder {

    private EnvelopeEncoder() {
    }

    public static void write(ResponseWriter w, HeaderSection h) {
        List<Address> from = AddressParser.parse(h.joined("From"));
        List<Address> sender = AddressParser.parse(h.joined("Sender"));
        List<Address> replyTo = AddressParser.parse(h.joined("Reply-To"));
        w.open();
        w.nstring(h.first("Date"));
        w.nstring(h.first("Subject"));
        addresses(w, from);
        // The server defaults Sender and Reply-To to From when they are absent.
        addresses(w, sender.isEmpty() ? from : sender);
        addresses(w, replyTo.isEmpty() ? from : replyTo);
        addresses(w, AddressParser.parse(h.joined("To")));
        addresses(w, AddressParser.parse(h.joined("Cc")));
        addresses(w, AddressParser.parse(h.joined("Bcc")));
        w.nstring(h.first("In-Reply-To"));
        w.nstring(h.first("Message-ID"));
        w.close();
    }

    private static void addresses(ResponseWriter w, List<Address> list) {
        if (list.isEmpty()) {
            w.nil();
            return;
        }
        w.open();
        for (Address a : list) {
            // 1*address: the grammar has no space between addresses
            w.openAdjacent().nstring(a.name()).nstring(a.adl()).nstring(a.mailbox()).nstring(a.host()).close();
        }
        w.close();
    }
}

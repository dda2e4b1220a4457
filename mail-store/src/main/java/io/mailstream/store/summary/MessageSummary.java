package io.mailstream.store.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

/**
 * What IMAP needs of a message without reading its body, computed once at delivery and stored
 * with every copy: the ENVELOPE and the MIME structure (BODYSTRUCTURE). {@code body} is null when
 * the structure went beyond the bounds of the summary (nesting, number of parts, header size):
 * IMAP then parses the stored bytes as it does for a message without a summary.
 *
 * <p>Stored as a sub-document of the message record ({@link #toDocument}); a record written
 * before summaries existed, or with an unknown {@link #VERSION}, reads as having none.
 */
public record MessageSummary(Envelope envelope, BodyPart body) {

    public static final int VERSION = 1;

    /** True when BODY/BODYSTRUCTURE can be answered from the summary. */
    public boolean hasStructure() {
        return body != null;
    }

    public Document toDocument() {
        return message(this).append("v", VERSION);
    }

    /** The summary a stored sub-document holds, or null (absent, or written by another version). */
    public static MessageSummary fromDocument(Document d) {
        if (d == null || !Integer.valueOf(VERSION).equals(d.getInteger("v"))) {
            return null;
        }
        return message(d);
    }

    private static Document message(MessageSummary m) {
        Document d = new Document("env", envelope(m.envelope()));
        if (m.body() != null) {
            d.append("body", part(m.body()));
        }
        return d;
    }

    private static MessageSummary message(Document d) {
        Document body = d.get("body", Document.class);
        return new MessageSummary(envelope(d.get("env", Document.class)), body == null ? null : part(body));
    }

    private static Document envelope(Envelope e) {
        return new Document("date", e.date()).append("subject", e.subject()).append("from", addresses(e.from()))
                .append("sender", addresses(e.sender())).append("replyTo", addresses(e.replyTo()))
                .append("to", addresses(e.to())).append("cc", addresses(e.cc())).append("bcc", addresses(e.bcc()))
                .append("inReplyTo", e.inReplyTo()).append("messageId", e.messageId());
    }

    private static Envelope envelope(Document d) {
        return new Envelope(d.getString("date"), d.getString("subject"), addresses(d, "from"),
                addresses(d, "sender"), addresses(d, "replyTo"), addresses(d, "to"), addresses(d, "cc"),
                addresses(d, "bcc"), d.getString("inReplyTo"), d.getString("messageId"));
    }

    private static List<List<String>> addresses(List<EnvelopeAddress> list) {
        List<List<String>> out = new ArrayList<>(list.size());
        for (EnvelopeAddress a : list) {
            List<String> four = new ArrayList<>(4); // List.of refuses the nulls that stand for NIL
            four.add(a.name());
            four.add(a.adl());
            four.add(a.mailbox());
            four.add(a.host());
            out.add(four);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<EnvelopeAddress> addresses(Document d, String key) {
        List<List<String>> stored = d.get(key, List.class);
        List<EnvelopeAddress> out = new ArrayList<>();
        if (stored != null) {
            for (List<String> a : stored) {
                out.add(new EnvelopeAddress(a.get(0), a.get(1), a.get(2), a.get(3)));
            }
        }
        return out;
    }

    private static Document part(BodyPart p) {
        Document d = new Document("fields", new Document(p.fields())).append("size", p.size())
                .append("lines", p.lines());
        if (p.boundary() != null) {
            d.append("boundary", p.boundary());
        }
        if (!p.parts().isEmpty()) {
            List<Document> parts = new ArrayList<>(p.parts().size());
            p.parts().forEach(child -> parts.add(part(child)));
            d.append("parts", parts);
        }
        if (p.message() != null) {
            d.append("message", message(p.message()));
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static BodyPart part(Document d) {
        Map<String, String> fields = new LinkedHashMap<>();
        Document stored = d.get("fields", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> fields.put(k, String.valueOf(v)));
        }
        List<BodyPart> parts = new ArrayList<>();
        List<Document> children = d.get("parts", List.class);
        if (children != null) {
            children.forEach(child -> parts.add(part(child)));
        }
        Document message = d.get("message", Document.class);
        return new BodyPart(fields, ((Number) d.get("size")).longValue(), ((Number) d.get("lines")).longValue(),
                d.getString("boundary"), parts, message == null ? null : message(message));
    }
}

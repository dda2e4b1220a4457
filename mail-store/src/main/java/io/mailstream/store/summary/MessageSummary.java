package io.mailstream.store.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

/**
 * What IMAP needs of a message without reading its body, computed once at delivery and stored
 * with every copy: the ENVELOPE, the MIME structure (BODYSTRUCTURE) with each entity's offsets in
 * the stored bytes (BODY[section] by slicing), and the text SEARCH BODY/TEXT look in. {@code body}
 * is null when the structure went beyond the bounds of the summary (nesting, number of parts,
 * header size): IMAP then parses the stored bytes as it does for a message without a summary.
 * {@code text} is null for an encapsulated message (the outer message's text holds it) and in a
 * record written before search text existed: IMAP then reads it from the stored bytes.
 *
 * <p>Stored as a sub-document of the message record ({@link #toDocument}); a record written
 * before summaries existed, or with an unknown {@link #VERSION}, reads as having none. Offsets and
 * text were added later as optional fields of version 1: an older reader ignores them, and a
 * record without them reads as not having them.
 */
public record MessageSummary(Envelope envelope, BodyPart body, SearchText text) {

    public static final int VERSION = 1;

    /** A summary without search text (an encapsulated message, or a record from before search text). */
    public MessageSummary(Envelope envelope, BodyPart body) {
        this(envelope, body, null);
    }

    /** True when BODY/BODYSTRUCTURE can be answered from the summary. */
    public boolean hasStructure() {
        return body != null;
    }

    public Document toDocument() {
        Document d = message(this).append("v", VERSION);
        if (text != null) {
            d.append("text", text.toDocument());
        }
        return d;
    }

    /**
     * This summary of bytes that are stored after a {@code prefix} of octets (delivery's trace
     * fields in front of the received message): the offsets moved to refer to the stored bytes.
     */
    public MessageSummary storedAfter(int prefix) {
        return prefix == 0 ? this : shifted(prefix, true);
    }

    MessageSummary shifted(long octets, boolean top) {
        return new MessageSummary(envelope, body == null ? null : body.shifted(octets, top), text);
    }

    /** The summary a stored sub-document holds, or null (absent, or written by another version). */
    public static MessageSummary fromDocument(Document d) {
        if (d == null || !Integer.valueOf(VERSION).equals(d.getInteger("v"))) {
            return null;
        }
        MessageSummary m = message(d);
        return new MessageSummary(m.envelope(), m.body(), SearchText.fromDocument(d.get("text", Document.class)));
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
        if (p.located()) {
            d.append("start", number(p.start())).append("bodyStart", number(p.bodyStart()))
                    .append("end", number(p.end()));
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
        Number start = (Number) d.get("start");
        Number bodyStart = (Number) d.get("bodyStart");
        Number end = (Number) d.get("end");
        return new BodyPart(fields, ((Number) d.get("size")).longValue(), ((Number) d.get("lines")).longValue(),
                d.getString("boundary"), parts, message == null ? null : message(message),
                start == null ? -1 : start.longValue(), bodyStart == null ? -1 : bodyStart.longValue(),
                end == null ? -1 : end.longValue());
    }

    /** An offset as a 32-bit number where it fits (every message below 2 GB): half the octets of a 64-bit one. */
    private static Object number(long n) {
        return n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
    }
}

package io.mailstream.store.summary;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

/**
 * What IMAP SEARCH BODY and TEXT look in, besides the top-level header section (the message record
 * keeps that anyway): computed at delivery with a bound and stored in the {@link MessageSummary},
 * or computed from the stored bytes without one when a record has none ({@link #of(byte[])}), by
 * the same {@link SearchTextExtractor}, so both ways give the same answers.
 *
 * @param headers   the header section of every part and encapsulated message below the top level,
 *                  one string each, encoded words decoded (TEXT only)
 * @param body      the content of every text part (text/*, message/* other than an encapsulated
 *                  message, a part without Content-Type), transfer encoding (base64,
 *                  quoted-printable) undone and charset decoded; HTML as written, tags included
 * @param truncated true when the text was cut at the bound: each list is then a prefix of the whole
 *                  text's, its last string possibly cut short
 */
public record SearchText(List<String> headers, List<String> body, boolean truncated) {

    /** The bound at delivery: UTF-8 octets of all strings together (a 25 MB mail would otherwise store 25 MB twice). */
    public static final int MAX_BYTES = 256 * 1024;

    public SearchText {
        headers = List.copyOf(headers);
        body = List.copyOf(body);
    }

    /** The search text of a stored message, whole (for a record that has none stored). */
    public static SearchText of(byte[] raw) {
        return SearchTextExtractor.extract(raw, Long.MAX_VALUE);
    }

    /** The search text of a message, cut after {@code maxBytes} UTF-8 octets. */
    public static SearchText of(byte[] raw, long maxBytes) {
        return SearchTextExtractor.extract(raw, maxBytes);
    }

    Document toDocument() {
        Document d = new Document("headers", headers).append("body", body);
        if (truncated) {
            d.append("truncated", true);
        }
        return d;
    }

    /** The text a stored sub-document holds, or null when there is none. */
    @SuppressWarnings("unchecked")
    public static SearchText fromDocument(Document d) {
        if (d == null) {
            return null;
        }
        List<Object> headers = d.get("headers", List.class);
        List<Object> body = d.get("body", List.class);
        if (headers == null || body == null) {
            return null;
        }
        return new SearchText(strings(headers), strings(body), Boolean.TRUE.equals(d.getBoolean("truncated")));
    }

    private static List<String> strings(List<Object> stored) {
        List<String> out = new ArrayList<>(stored.size());
        stored.forEach(s -> out.add(String.valueOf(s)));
        return out;
    }
}

package io.mailstream.mailbox.imap.message;

import io.mailstream.store.summary.Envelope;
import io.mailstream.store.summary.HeaderFields;
import io.mailstream.store.summary.MimeLayout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of a header section, each with its raw bytes (folding kept, for
 * BODY[HEADER.FIELDS]) and its unfolded value (for ENVELOPE and SEARCH). Lines that are not
 * fields (no colon) are kept as raw bytes only, so the section re-assembles exactly.
 */
public final class HeaderSection implements Envelope.Header {

    /** @param name null for a line that is not a field */
    public record Field(String name, byte[] raw, String value) {
    }

    private final List<Field> fields;

    private HeaderSection(List<Field> fields) {
        this.fields = fields;
    }

    public static HeaderSection parse(String header) {
        byte[] bytes = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    /** Parses {@code [from, to)}, stopping at the blank line that ends a header section. */
    public static HeaderSection parse(byte[] raw, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            int lineEnd = lineEnd(raw, pos, to);
            if (isBlank(raw, pos, lineEnd)) {
                break;
            }
            int fieldEnd = lineEnd;
            while (fieldEnd < to && (raw[fieldEnd] == ' ' || raw[fieldEnd] == '\t')) {
                fieldEnd = lineEnd(raw, fieldEnd, to);
            }
            fields.add(field(raw, pos, fieldEnd));
            pos = fieldEnd;
        }
        return new HeaderSection(fields);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The unfolded value of the first field with this name (any case), or null. */
    @Override
    public String first(String name) {
        for (Field f : fields) {
            if (name.equalsIgnoreCase(f.name())) {
                return f.value();
            }
        }
        return null;
    }

    /** All values of the fields with this name, in order, joined as one address list would be. */
    @Override
    public String joined(String name) {
        StringBuilder sb = null;
        for (Field f : fields) {
            if (name.equalsIgnoreCase(f.name())) {
                sb = sb == null ? new StringBuilder(f.value()) : sb.append(", ").append(f.value());
            }
        }
        return sb == null ? null : sb.toString();
    }

    /**
     * The raw fields whose names are ({@code include}) or are not in {@code names}, followed by
     * the blank line, as BODY[HEADER.FIELDS (...)] returns them.
     */
    public byte[] select(Collection<String> names, boolean include) {
        Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        wanted.addAll(names);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            if (f.name() != null && wanted.contains(f.name()) == include) {
                out.writeBytes(f.raw());
                if (f.raw().length == 0 || f.raw()[f.raw().length - 1] != '\n') {
                    out.writeBytes(new byte[] {'\r', '\n'});
                }
            }
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        return out.toByteArray();
    }

    private static Field field(byte[] raw, int from, int to) {
        byte[] bytes = new byte[to - from];
        System.arraycopy(raw, from, bytes, 0, bytes.length);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String name = HeaderFields.name(text); // the rule the stored summary is computed with
        return name == null ? new Field(null, bytes, "") : new Field(name, bytes, HeaderFields.value(text));
    }

    static int lineEnd(byte[] raw, int pos, int to) {
        return MimeLayout.lineEnd(raw, pos, to);
    }

    static boolean isBlank(byte[] raw, int from, int to) {
        return MimeLayout.isBlank(raw, from, to);
    }
}

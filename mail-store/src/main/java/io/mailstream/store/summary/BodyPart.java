package io.mailstream.store.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One MIME entity of a summarised message, what IMAP's BODY and BODYSTRUCTURE say of it.
 *
 * @param fields   the unfolded value of the first of each {@link #FIELDS} field the entity has, by
 *                 lower-case name (IMAP reads type, parameters, disposition etc. from them)
 * @param size     octets of the body as stored (for message/rfc822: the whole encapsulated message)
 * @param lines    lines of the body: line feeds, plus one for an unterminated last line
 * @param boundary for a multipart split into {@code parts}: the boundary it was split at; else null
 * @param parts    the parts of a multipart, in order; empty for any other entity
 * @param message  the encapsulated message of a message/rfc822 entity, else null
 * @param start    where the entity's header section starts in the stored bytes, -1 when not known
 *                 (a record written before offsets were stored)
 * @param bodyStart where its body starts in the stored bytes (after the blank line), -1 when not known
 * @param end      where its body ends in the stored bytes, -1 when not known
 */
public record BodyPart(Map<String, String> fields, long size, long lines, String boundary, List<BodyPart> parts,
        MessageSummary message, long start, long bodyStart, long end) {

    /** The header fields of an entity that BODYSTRUCTURE reports. */
    public static final List<String> FIELDS = List.of("content-type", "content-id", "content-description",
            "content-transfer-encoding", "content-md5", "content-disposition", "content-language",
            "content-location");

    public BodyPart {
        fields = Map.copyOf(fields);
        parts = List.copyOf(parts);
    }

    /** An entity whose offsets are not known. */
    public BodyPart(Map<String, String> fields, long size, long lines, String boundary, List<BodyPart> parts,
            MessageSummary message) {
        this(fields, size, lines, boundary, parts, message, -1, -1, -1);
    }

    /** True when the entity's offsets in the stored bytes are known. */
    public boolean located() {
        return start >= 0 && bodyStart >= start && end >= bodyStart;
    }

    /**
     * This entity with its offsets (and those of every entity within) moved {@code octets} further:
     * for bytes stored after a prefix. The top-level entity still starts at 0, its header section
     * taking in the prefix.
     */
    BodyPart shifted(long octets, boolean top) {
        if (!located()) {
            return this;
        }
        List<BodyPart> moved = new ArrayList<>(parts.size());
        parts.forEach(p -> moved.add(p.shifted(octets, false)));
        MessageSummary inner = message == null ? null : message.shifted(octets, false);
        return new BodyPart(fields, size, lines, boundary, moved, inner, top ? 0 : start + octets, bodyStart + octets,
                end + octets);
    }

    /** The value of one of {@link #FIELDS} (any case), or null. */
    public String field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isMultipart() {
        return !parts.isEmpty();
    }
}

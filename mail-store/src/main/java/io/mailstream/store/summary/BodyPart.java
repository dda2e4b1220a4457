package io.mailstream.store.summary;

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
 */
public record BodyPart(Map<String, String> fields, long size, long lines, String boundary, List<BodyPart> parts,
        MessageSummary message) {

    /** The header fields of an entity that BODYSTRUCTURE reports. */
    public static final List<String> FIELDS = List.of("content-type", "content-id", "content-description",
            "content-transfer-encoding", "content-md5", "content-disposition", "content-language",
            "content-location");

    public BodyPart {
        fields = Map.copyOf(fields);
        parts = List.copyOf(parts);
    }

    /** The value of one of {@link #FIELDS} (any case), or null. */
    public String field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isMultipart() {
        return !parts.isEmpty();
    }
}

package io.mailstream.mailbox.imap.message;

import io.mailstream.store.summary.BodyPart;
import io.mailstream.store.summary.Envelope;
import io.mailstream.store.summary.MessageSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A MIME entity read from the summary stored with the message at delivery, so BODY and
 * BODYSTRUCTURE need no body read. The summary was computed with Mime4j; {@link #of} accepts it
 * only where this server's own reading of the stored header fields gives the same tree (the same
 * Content-Type decides multipart, message/rfc822 or leaf, the same boundary splits the parts), so
 * both ways answer alike; anything else falls back to parsing the bytes.
 */
public final class SummaryPart implements StructurePart {

    private final BodyPart part;
    private final ContentType contentType;
    private final List<SummaryPart> parts;
    private final SummaryPart encapsulated;
    private final Envelope encapsulatedEnvelope;

    private SummaryPart(BodyPart part, ContentType contentType, List<SummaryPart> parts, SummaryPart encapsulated,
            Envelope encapsulatedEnvelope) {
        this.part = part;
        this.contentType = contentType;
        this.parts = parts;
        this.encapsulated = encapsulated;
        this.encapsulatedEnvelope = encapsulatedEnvelope;
    }

    /** The top-level entity of a summarised message, or null when the summary cannot answer for it. */
    public static SummaryPart of(MessageSummary summary) {
        return summary == null || !summary.hasStructure() ? null : of(summary.body(), ContentType.TEXT_PLAIN);
    }

    private static SummaryPart of(BodyPart part, ContentType defaultType) {
        ContentType declared = ContentType.parse(part.field("Content-Type"));
        ContentType type = declared == null ? defaultType : declared;
        boolean splits = type.isMultipart() && type.param("boundary") != null;
        boolean encapsulates = type.is("message", "rfc822");
        if (part.isMultipart()) {
            if (!splits || !Objects.equals(type.param("boundary"), part.boundary())) {
                return null;
            }
            ContentType childDefault = type.is("multipart", "digest") ? ContentType.MESSAGE_RFC822
                    : ContentType.TEXT_PLAIN;
            List<SummaryPart> children = new ArrayList<>(part.parts().size());
            for (BodyPart child : part.parts()) {
                SummaryPart c = of(child, childDefault);
                if (c == null) {
                    return null;
                }
                children.add(c);
            }
            return new SummaryPart(part, type, List.copyOf(children), null, null);
        }
        if (part.message() != null) {
            SummaryPart inner = encapsulates && part.message().hasStructure()
                    ? of(part.message().body(), ContentType.TEXT_PLAIN) : null;
            return inner == null ? null : new SummaryPart(part, type, List.of(), inner, part.message().envelope());
        }
        return splits || encapsulates ? null : new SummaryPart(part, type, List.of(), null, null);
    }

    /** The stored entity this reads, with its offsets in the stored bytes. */
    public BodyPart stored() {
        return part;
    }

    @Override
    public String field(String name) {
        return part.field(name);
    }

    @Override
    public ContentType contentType() {
        return contentType;
    }

    @Override
    public boolean isMultipart() {
        return !parts.isEmpty();
    }

    @Override
    public List<SummaryPart> parts() {
        return parts;
    }

    @Override
    public StructurePart encapsulated() {
        return encapsulated;
    }

    @Override
    public Envelope encapsulatedEnvelope() {
        return encapsulatedEnvelope;
    }

    @Override
    public long bodySize() {
        return part.size();
    }

    @Override
    public long bodyLines() {
        return part.lines();
    }
}

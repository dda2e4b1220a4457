package io.mailstream.mailbox.imap.message;

import io.mailstream.store.summary.Envelope;

import java.util.List;

/**
 * A MIME entity as BODY and BODYSTRUCTURE describe it: parsed from the stored bytes
 * ({@link MimeEntity}) or read from the summary stored at delivery ({@link SummaryPart}).
 */
public interface StructurePart {

    /** The unfolded value of the entity's first header field with this name, or null. */
    String field(String name);

    /** The declared Content-Type, or the default where there is none. */
    ContentType contentType();

    /** True for a multipart entity that was split into parts. */
    boolean isMultipart();

    List<? extends StructurePart> parts();

    /** For a message/rfc822 entity: the encapsulated message's top-level entity, else null. */
    StructurePart encapsulated();

    /** For a message/rfc822 entity: the encapsulated message's envelope, else null. */
    Envelope encapsulatedEnvelope();

    long bodySize();

    long bodyLines();
}

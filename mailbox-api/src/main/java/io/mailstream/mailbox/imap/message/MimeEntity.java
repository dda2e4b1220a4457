package io.mailstream.mailbox.imap.message;

import io.mailstream.store.summary.BodyPart;
import io.mailstream.store.summary.Envelope;
import io.mailstream.store.summary.MimeLayout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One MIME entity of a message, as offsets into the raw bytes: its header section, its body, and
 * either its children (multipart), the message it encapsulates (message/rfc822) or nothing.
 * Nesting deeper than {@link #MAX_DEPTH} is treated as an opaque body, so a hostile message
 * cannot make the parser recurse without bound. Where the parts lie is found by
 * {@link MimeLayout}, the rule the offsets stored at delivery were found by: a message whose
 * summary has them is not parsed again ({@link #of}), its entities are located from them.
 */
public final class MimeEntity implements StructurePart {

    static final int MAX_DEPTH = 20;

    private final byte[] raw;
    private final int start;
    private final int bodyStart;
    private final int end;
    private HeaderSection header; // parsed when first asked for
    private final ContentType contentType;
    private final List<MimeEntity> children;
    private final MimeEntity message;

    private MimeEntity(byte[] raw, int start, int end, ContentType defaultType, int depth) {
        this.raw = raw;
        this.start = start;
        this.end = end;
        this.bodyStart = MimeLayout.bodyStart(raw, start, end);
        this.header = HeaderSection.parse(raw, start, bodyStart);
        ContentType declared = ContentType.parse(header.first("Content-Type"));
        this.contentType = declared == null ? defaultType : declared;
        List<MimeEntity> parts = List.of();
        MimeEntity inner = null;
        if (depth < MAX_DEPTH) {
            if (contentType.isMultipart() && contentType.param("boundary") != null) {
                parts = splitParts(depth);
            } else if (contentType.is("message", "rfc822")) {
                inner = new MimeEntity(raw, bodyStart, end, ContentType.TEXT_PLAIN, depth + 1);
            }
        }
        this.children = parts;
        this.message = inner;
    }

    private MimeEntity(byte[] raw, int start, int bodyStart, int end, ContentType contentType,
            List<MimeEntity> children, MimeEntity message) {
        this.raw = raw;
        this.start = start;
        this.bodyStart = bodyStart;
        this.end = end;
        this.contentType = contentType;
        this.children = children;
        this.message = message;
    }

    /** Parses a whole message. */
    public static MimeEntity parse(byte[] raw) {
        return new MimeEntity(raw, 0, raw.length, ContentType.TEXT_PLAIN, 0);
    }

    /**
     * The message {@code raw} located from the part offsets of its stored summary (no parse: BODY[n]
     * slices), or parsed when {@code summary} is null or its offsets do not fit these bytes.
     */
    public static MimeEntity of(byte[] raw, SummaryPart summary) {
        MimeEntity located = locatedFrom(raw, summary);
        return located != null ? located : parse(raw);
    }

    /** The message {@code raw} located from its summary's part offsets, or null when they do not fit it. */
    public static MimeEntity locatedFrom(byte[] raw, SummaryPart summary) {
        MimeEntity located = summary == null ? null : locate(raw, summary, 0, raw.length);
        // the top level is the whole message, its header section as this server reads it
        return located != null && located.start == 0 && located.end == raw.length
                && located.bodyStart == MimeLayout.bodyStart(raw, 0, raw.length) ? located : null;
    }

    /** The entity {@code part} describes, which must lie within {@code [floor, ceiling)}; null when it does not. */
    private static MimeEntity locate(byte[] raw, SummaryPart part, int floor, int ceiling) {
        BodyPart stored = part.stored();
        if (!stored.located() || stored.start() < floor || stored.end() > ceiling) {
            return null;
        }
        int start = (int) stored.start();
        int bodyStart = (int) stored.bodyStart();
        int end = (int) stored.end();
        List<MimeEntity> children = new ArrayList<>(part.parts().size());
        int after = bodyStart;
        for (SummaryPart child : part.parts()) {
            MimeEntity c = locate(raw, child, after, end);
            if (c == null) {
                return null;
            }
            children.add(c);
            after = c.end;
        }
        MimeEntity inner = null;
        if (part.encapsulated() instanceof SummaryPart encapsulated) {
            inner = locate(raw, encapsulated, bodyStart, end);
            if (inner == null || inner.start != bodyStart || inner.end != end) {
                return null;
            }
        }
        return new MimeEntity(raw, start, bodyStart, end, part.contentType(), List.copyOf(children), inner);
    }

    public HeaderSection header() {
        if (header == null) {
            header = HeaderSection.parse(raw, start, bodyStart);
        }
        return header;
    }

    @Override
    public String field(String name) {
        return header().first(name);
    }

    @Override
    public ContentType contentType() {
        return contentType;
    }

    @Override
    public boolean isMultipart() {
        return contentType.isMultipart() && !children.isEmpty();
    }

    public List<MimeEntity> children() {
        return children;
    }

    @Override
    public List<MimeEntity> parts() {
        return children;
    }

    /** The encapsulated message of a message/rfc822 entity, or null. */
    public MimeEntity message() {
        return message;
    }

    @Override
    public StructurePart encapsulated() {
        return message;
    }

    @Override
    public Envelope encapsulatedEnvelope() {
        return message == null ? null : Envelope.of(message.header());
    }

    public byte[] headerBytes() {
        return slice(start, bodyStart);
    }

    public byte[] bodyBytes() {
        return slice(bodyStart, end);
    }

    public byte[] allBytes() {
        return slice(start, end);
    }

    @Override
    public long bodySize() {
        return end - bodyStart;
    }

    /** Lines of the body: line breaks, plus one for an unterminated last line. */
    @Override
    public long bodyLines() {
        int lines = 0;
        for (int i = bodyStart; i < end; i++) {
            if (raw[i] == '\n') {
                lines++;
            }
        }
        return end > bodyStart && raw[end - 1] != '\n' ? lines + 1 : lines;
    }

    private byte[] slice(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(raw, from, out, 0, out.length);
        return out;
    }

    private List<MimeEntity> splitParts(int depth) {
        byte[] delimiter = ("--" + contentType.param("boundary")).getBytes(StandardCharsets.ISO_8859_1);
        ContentType childDefault = contentType.is("multipart", "digest") ? ContentType.MESSAGE_RFC822
                : ContentType.TEXT_PLAIN;
        List<MimeEntity> parts = new ArrayList<>();
        for (MimeLayout.Range r : MimeLayout.parts(raw, bodyStart, end, delimiter)) {
            parts.add(new MimeEntity(raw, r.start(), r.end(), childDefault, depth + 1));
        }
        return Collections.unmodifiableList(parts);
    }
}

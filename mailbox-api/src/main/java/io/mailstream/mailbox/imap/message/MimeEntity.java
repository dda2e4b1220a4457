package io.mailstream.mailbox.imap.message;

import io.mailstream.store.summary.Envelope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One MIME entity of a message, as offsets into the raw bytes: its header section, its body, and
 * either its children (multipart), the message it encapsulates (message/rfc822) or nothing.
 * Nesting deeper than {@link #MAX_DEPTH} is treated as an opaque body, so a hostile message
 * cannot make the parser recurse without bound.
 */
public final class MimeEntity implements StructurePart {

    static final int MAX_DEPTH = 20;

    private final byte[] raw;
    private final int start;
    private final int bodyStart;
    private final int end;
    private final HeaderSection header;
    private final ContentType contentType;
    private final List<MimeEntity> children;
    private final MimeEntity message;

    private MimeEntity(byte[] raw, int start, int end, ContentType defaultType, int depth) {
        this.raw = raw;
        this.start = start;
        this.end = end;
        this.bodyStart = bodyStart(raw, start, end);
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

    /** Parses a whole message. */
    public static MimeEntity parse(byte[] raw) {
        return new MimeEntity(raw, 0, raw.length, ContentType.TEXT_PLAIN, 0);
    }

    public HeaderSection header() {
        return header;
    }

    @Override
    public String field(String name) {
        return header.first(name);
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
        int partStart = -1;
        int pos = bodyStart;
        while (pos < end) {
            int next = HeaderSection.lineEnd(raw, pos, end);
            if (startsWith(pos, next, delimiter)) {
                if (partStart >= 0) {
                    parts.add(new MimeEntity(raw, partStart, withoutLineBreakBefore(pos, partStart), childDefault,
                            depth + 1));
                }
                if (startsWith(pos + delimiter.length, next, new byte[] {'-', '-'})) {
                    return Collections.unmodifiableList(parts);
                }
                partStart = next;
            }
            pos = next;
        }
        if (partStart >= 0 && partStart < end) {
            parts.add(new MimeEntity(raw, partStart, end, childDefault, depth + 1));
        }
        return Collections.unmodifiableList(parts);
    }

    /** The line break before a delimiter line belongs to the delimiter (RFC 2046 5.1.1). */
    private int withoutLineBreakBefore(int delimiterLine, int floor) {
        int e = delimiterLine;
        if (e > floor && raw[e - 1] == '\n') {
            e--;
            if (e > floor && raw[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    private boolean startsWith(int pos, int limit, byte[] prefix) {
        if (limit - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where the body starts: after the first blank line, or at the end if there is none. */
    private static int bodyStart(byte[] raw, int start, int end) {
        int pos = start;
        while (pos < end) {
            int next = HeaderSection.lineEnd(raw, pos, end);
            if (HeaderSection.isBlank(raw, pos, next)) {
                return next;
            }
            pos = next;
        }
        return end;
    }
}

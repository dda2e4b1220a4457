package io.mailstream.store.summary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Computes a {@link MessageSummary} with Apache Mime4j's pull parser, within bounds, so hostile
 * MIME costs time linear in its size and never more than the bounds in memory:
 * <ul>
 * <li>nesting: an entity {@link #MAX_DEPTH} levels down that would still be split (multipart,
 * message/rfc822) ends the walk; IMAP treats such an entity as opaque, so the summary keeps only
 * the envelope and IMAP parses the bytes itself;</li>
 * <li>at most {@link #MAX_PARTS} entities, and {@link #MAX_HEADER_BYTES} octets of header fields
 * over all of them; beyond that, likewise only the envelope;</li>
 * <li>a top-level header section over {@link #MAX_HEADER_BYTES} octets, or one Mime4j cannot read:
 * no summary at all (the stored header section, cut at 256 KB, is what IMAP then reads).</li>
 * </ul>
 * Header fields are read by {@link HeaderFields} and addresses by {@link AddressList}, as IMAP
 * reads them, so a summary answers ENVELOPE and BODYSTRUCTURE as a parse of the bytes would. Where
 * the two readings of broken MIME could differ, the summary keeps only the envelope: a line in the
 * content that starts with an enclosing boundary but is no delimiter to Mime4j (IMAP's parser
 * splits at any line starting with {@code --boundary}), a multipart without parts.
 *
 * <p>Each entity's offsets in {@code raw} are found by IMAP's reading ({@link MimeLayout}) and kept
 * only when every entity's body there is as long as Mime4j found it, so both readings agree on
 * where each part lies. The {@link SearchText} is cut at {@link SearchText#MAX_BYTES}.
 */
public final class MessageSummarizer {

    /** IMAP's own parser treats deeper nesting as an opaque body (mailbox-api MimeEntity). */
    public static final int MAX_DEPTH = 20;
    public static final int MAX_PARTS = 1000;
    public static final int MAX_HEADER_BYTES = 128 * 1024;

    private static final Set<String> ENVELOPE_FIELDS = Set.of("date", "subject", "from", "sender", "reply-to", "to",
            "cc", "bcc", "in-reply-to", "message-id");

    // Lines in bodies may be of any length (base64 without breaks exists); header fields are bounded.
    private static final MimeConfig CONFIG = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(MAX_HEADER_BYTES)
            .setMaxHeaderCount(-1).setMaxContentLen(-1).setStrictParsing(false).build();

    private final Deque<byte[]> boundaries = new ArrayDeque<>(); // "--boundary" of each open multipart
    private int entities;
    private long headerBytes;
    private boolean truncated;
    private boolean located;

    private MessageSummarizer() {
    }

    /** The summary of a raw message, or null when its top-level header is beyond the bounds. */
    public static MessageSummary summarize(byte[] raw) {
        if (raw.length > 0 && (raw[0] == ' ' || raw[0] == '\t') || headerSectionLength(raw) > MAX_HEADER_BYTES) {
            return null; // a leading continuation line would fold into the trace fields delivery adds
        }
        MessageSummarizer s = new MessageSummarizer();
        Entity root = s.parse(raw, 0);
        if (root == null || !root.headerComplete) {
            return null;
        }
        if (!s.truncated) {
            s.located = locate(root, raw, 0, raw.length);
        }
        return new MessageSummary(root.envelope(), s.truncated ? null : root.part(),
                SearchText.of(raw, SearchText.MAX_BYTES));
    }

    /**
     * Sets the offsets of {@code e}, the entity {@code [start, end)} of {@code raw}, and of every
     * entity within; false when IMAP's reading of the bytes disagrees with Mime4j's tree.
     */
    private static boolean locate(Entity e, byte[] raw, int start, int end) {
        int bodyStart = MimeLayout.bodyStart(raw, start, end);
        if (e.parts.isEmpty() && end - bodyStart != e.size) { // Mime4j does not size a multipart
            return false;
        }
        e.start = start;
        e.bodyStart = bodyStart;
        e.end = end;
        if (!e.parts.isEmpty()) {
            List<MimeLayout.Range> ranges = MimeLayout.parts(raw, bodyStart, end,
                    ("--" + e.boundary).getBytes(StandardCharsets.ISO_8859_1));
            if (ranges.size() != e.parts.size()) {
                return false;
            }
            for (int i = 0; i < ranges.size(); i++) {
                if (!locate(e.parts.get(i), raw, ranges.get(i).start(), ranges.get(i).end())) {
                    return false;
                }
            }
        }
        return e.message == null || locate(e.message, raw, bodyStart, end);
    }

    /**
     * The entities of one message (top level or encapsulated); null when its header could not be
     * read. Sets {@link #truncated} when the walk stopped at a bound or at unreadable MIME.
     */
    private Entity parse(byte[] raw, int depth) {
        MimeTokenStream stream = new MimeTokenStream(CONFIG);
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE); // message/rfc822 bodies come raw: sized, then parsed
        stream.parse(new ByteArrayInputStream(raw));
        Deque<Entity> open = new ArrayDeque<>();
        Entity root = null;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM && !truncated;
                    state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE -> {
                        root = new Entity(depth);
                        open.push(root);
                        count();
                    }
                    case T_START_BODYPART -> {
                        Entity part = new Entity(open.peek().depth + 1);
                        open.peek().parts.add(part);
                        open.push(part);
                        count();
                    }
                    case T_FIELD -> open.peek().field(stream.getField());
                    case T_END_HEADER -> open.peek().headerComplete = true;
                    case T_START_MULTIPART -> {
                        beyondDepth(open.peek());
                        open.peek().boundary = stream.getBodyDescriptor().getBoundary();
                        boundaries.push(("--" + open.peek().boundary).getBytes(StandardCharsets.ISO_8859_1));
                    }
                    case T_PREAMBLE, T_EPILOGUE -> scan(stream.getInputStream(), null);
                    case T_END_MULTIPART -> {
                        boundaries.pop();
                        if (open.peek().parts.isEmpty()) {
                            truncated = true; // IMAP sizes a multipart without parts as one body
                        }
                    }
                    case T_BODY -> body(open.peek(), stream);
                    case T_END_BODYPART, T_END_MESSAGE -> open.pop();
                    default -> {
                    }
                }
            }
        } catch (MimeException | IOException | RuntimeException e) {
            truncated = true; // Mime4j refused the input; the bytes are stored all the same
        }
        return root;
    }

    private void body(Entity e, MimeTokenStream stream) throws IOException {
        InputStream in = stream.getInputStream();
        if (!"message/rfc822".equals(stream.getBodyDescriptor().getMimeType())) {
            scan(in, e);
            return;
        }
        beyondDepth(e);
        if (truncated) {
            return;
        }
        byte[] encapsulated = in.readAllBytes();
        scan(new ByteArrayInputStream(encapsulated), e);
        Entity inner = parse(encapsulated, e.depth + 1);
        if (inner == null || !inner.headerComplete) {
            truncated = true;
        } else {
            e.message = inner;
        }
    }

    private void beyondDepth(Entity e) {
        if (e.depth >= MAX_DEPTH) {
            truncated = true;
        }
    }

    private void count() {
        if (++entities > MAX_PARTS) {
            truncated = true;
        }
    }

    /**
     * Reads content to its end: counts octets and lines as IMAP does (line feeds, plus one for an
     * unterminated last line) into {@code e} when given, and ends the summary at a line that starts
     * with an open multipart's {@code --boundary} (see the class comment).
     */
    private void scan(InputStream in, Entity e) throws IOException {
        int longest = 0;
        for (byte[] b : boundaries) {
            longest = Math.max(longest, b.length);
        }
        byte[] head = new byte[longest];
        int headLength = 0;
        long size = 0;
        long lines = 0;
        int last = '\n';
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    lines++;
                    checkLine(head, headLength);
                    headLength = 0;
                } else if (headLength < longest) { // the first octets of the line
                    head[headLength++] = b;
                }
            }
            if (n > 0) {
                size += n;
                last = buf[n - 1];
            }
        }
        checkLine(head, headLength);
        if (e != null) {
            e.size = size;
            e.lines = last != '\n' ? lines + 1 : lines;
        }
    }

    private void checkLine(byte[] head, int length) {
        for (byte[] boundary : boundaries) {
            if (length >= boundary.length && Arrays.equals(head, 0, boundary.length, boundary, 0,
                    boundary.length)) {
                truncated = true;
            }
        }
    }

    /** The octets up to the blank line that ends the top-level header (all of them when there is none). */
    private static int headerSectionLength(byte[] raw) {
        int limit = Math.min(raw.length, MAX_HEADER_BYTES + 2);
        int lineStart = 0;
        for (int i = 0; i < limit; i++) {
            if (raw[i] == '\n') {
                int len = i + 1 - lineStart;
                if (len == 1 || (len == 2 && raw[lineStart] == '\r')) {
                    return i + 1;
                }
                lineStart = i + 1;
            }
        }
        return raw.length > limit ? Integer.MAX_VALUE : raw.length;
    }

    /** One entity while it is being read. */
    private final class Entity {
        final int depth;
        final List<String[]> fields = new ArrayList<>(); // lower-case name, unfolded value
        final List<Entity> parts = new ArrayList<>();
        boolean headerComplete;
        String boundary;
        Entity message;
        long size;
        long lines;
        int start = -1;
        int bodyStart = -1;
        int end = -1;

        Entity(int depth) {
            this.depth = depth;
        }

        void field(Field f) {
            byte[] bytes = f.getRaw().toByteArray();
            headerBytes += bytes.length;
            if (headerBytes > MAX_HEADER_BYTES) {
                truncated = true;
                return;
            }
            String raw = new String(bytes, StandardCharsets.UTF_8);
            String name = HeaderFields.name(raw);
            if (name == null) {
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (ENVELOPE_FIELDS.contains(lower) || BodyPart.FIELDS.contains(lower)) {
                fields.add(new String[] {lower, HeaderFields.value(raw)});
            }
        }

        Envelope envelope() {
            return Envelope.of(new Envelope.Header() {
                @Override
                public String first(String name) {
                    String lower = name.toLowerCase(Locale.ROOT);
                    for (String[] f : fields) {
                        if (f[0].equals(lower)) {
                            return f[1];
                        }
                    }
                    return null;
                }

                @Override
                public String joined(String name) {
                    String lower = name.toLowerCase(Locale.ROOT);
                    StringBuilder sb = null;
                    for (String[] f : fields) {
                        if (f[0].equals(lower)) {
                            sb = sb == null ? new StringBuilder(f[1]) : sb.append(", ").append(f[1]);
                        }
                    }
                    return sb == null ? null : sb.toString();
                }
            });
        }

        BodyPart part() {
            Map<String, String> firsts = new HashMap<>();
            for (String[] f : fields) {
                if (BodyPart.FIELDS.contains(f[0])) {
                    firsts.putIfAbsent(f[0], f[1]);
                }
            }
            List<BodyPart> children = new ArrayList<>(parts.size());
            parts.forEach(p -> children.add(p.part()));
            MessageSummary encapsulated = message == null ? null : new MessageSummary(message.envelope(),
                    message.part());
            return new BodyPart(firsts, size, lines, parts.isEmpty() ? null : boundary, children, encapsulated,
                    located ? start : -1, located ? bodyStart : -1, located ? end : -1);
        }
    }
}

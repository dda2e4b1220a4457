package io.mailstream.store.summary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Reads the {@link SearchText} of a raw message with Mime4j's pull parser, encapsulated messages
 * included. Deterministic in the bytes, and a cut text is a prefix of the whole one, which is what
 * lets IMAP answer from the stored text and fall back to this on the stored bytes alike.
 *
 * <p>Charsets: a declared charset Java knows decodes the part; none, US-ASCII (8-bit text is
 * mostly undeclared UTF-8) or an unknown one reads as UTF-8, malformed octets as U+FFFD.
 * Hostile MIME (nesting beyond {@link MessageSummarizer#MAX_DEPTH}, over
 * {@link MessageSummarizer#MAX_PARTS} entities, input Mime4j refuses) gets the plain reading:
 * everything after the top-level header section as UTF-8, which is what IMAP searched before
 * search text existed.
 */
final class SearchTextExtractor {

    private static final MimeConfig CONFIG = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1)
            .setMaxHeaderCount(-1).setMaxContentLen(-1).setStrictParsing(false).build();

    private final List<String> headers = new ArrayList<>();
    private final List<String> body = new ArrayList<>();
    private long left;
    private boolean cut;

    private SearchTextExtractor(long maxBytes) {
        this.left = maxBytes;
    }

    static SearchText extract(byte[] raw, long maxBytes) {
        SearchTextExtractor walk = new SearchTextExtractor(maxBytes);
        try {
            if (walk.walk(raw)) {
                return new SearchText(walk.headers, walk.body, walk.cut);
            }
        } catch (MimeException | IOException | RuntimeException e) {
            // Mime4j refused the input: the plain reading below
        }
        SearchTextExtractor plain = new SearchTextExtractor(maxBytes);
        int bodyStart = MimeLayout.bodyStart(raw, 0, raw.length);
        plain.add(plain.body, new String(raw, bodyStart, raw.length - bodyStart, StandardCharsets.UTF_8));
        return new SearchText(List.of(), plain.body, plain.cut);
    }

    /** False when the message is beyond the bounds. */
    private boolean walk(byte[] raw) throws MimeException, IOException {
        MimeTokenStream stream = new MimeTokenStream(CONFIG); // recurses into message/rfc822
        stream.parse(new ByteArrayInputStream(raw));
        int depth = -1; // the top-level message is 0; its own header is not collected
        int entities = 0;
        StringBuilder header = null;
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM && !cut;
                state = stream.next()) {
            switch (state) {
                case T_START_MESSAGE, T_START_BODYPART -> {
                    if (++depth > MessageSummarizer.MAX_DEPTH || ++entities > MessageSummarizer.MAX_PARTS) {
                        return false;
                    }
                    header = depth > 0 ? new StringBuilder() : null;
                }
                case T_END_MESSAGE, T_END_BODYPART -> depth--;
                case T_FIELD -> {
                    if (header != null) {
                        String field = new String(stream.getField().getRaw().toByteArray(), StandardCharsets.UTF_8);
                        header.append(field.stripTrailing()).append("\r\n");
                    }
                }
                case T_END_HEADER -> {
                    if (header != null && !header.isEmpty()) {
                        add(headers, EncodedWords.decode(header.toString()));
                    }
                    header = null;
                }
                case T_BODY -> {
                    if (isText(stream.getBodyDescriptor().getMimeType())) {
                        add(body, read(stream.getDecodedInputStream(), charset(stream.getBodyDescriptor()
                                .getCharset())));
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    private static boolean isText(String mimeType) {
        String type = mimeType == null ? "text/plain" : mimeType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.startsWith("message/");
    }

    static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            Charset c = Charset.forName(name.strip());
            return c.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : c;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The characters of a decoded part, as many as the bound leaves room for. */
    private String read(InputStream in, Charset charset) throws IOException {
        Reader reader = new InputStreamReader(in, charset);
        StringBuilder out = new StringBuilder();
        char[] buf = new char[8192];
        long room = left;
        for (int n = reader.read(buf); n >= 0; n = reader.read(buf)) {
            out.append(buf, 0, n);
            room -= n; // at least one octet a character: well past the bound, the rest is not needed
            if (room < 0) {
                break;
            }
        }
        return out.toString();
    }

    /** Adds {@code text}, or as much of it as fits, to {@code list}. */
    private void add(List<String> list, String text) {
        if (text.isEmpty() || cut) {
            return;
        }
        int end = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            boolean pair = Character.isHighSurrogate(c) && end + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(end + 1));
            int octets = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (octets > left) {
                cut = true;
                break;
            }
            left -= octets;
            end += pair ? 2 : 1;
        }
        if (end > 0) {
            list.add(text.substring(0, end));
        }
    }
}

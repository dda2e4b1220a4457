package io.mailstream.mailbox.imap.request;

import java.util.List;

/** One data item of a FETCH. */
public sealed interface FetchItem {

    /** Items answered from the message record or the whole message, named as in the response. */
    enum Attribute implements FetchItem {
        FLAGS("FLAGS"), UID("UID"), INTERNALDATE("INTERNALDATE"), RFC822_SIZE("RFC822.SIZE"),
        ENVELOPE("ENVELOPE"), BODY("BODY"), BODYSTRUCTURE("BODYSTRUCTURE"), RFC822("RFC822"),
        RFC822_HEADER("RFC822.HEADER"), RFC822_TEXT("RFC822.TEXT"), MODSEQ("MODSEQ");

        public final String label;

        Attribute(String label) {
            this.label = label;
        }
    }

    /**
     * BINARY[part]&lt;partial&gt;, BINARY.PEEK[...] or BINARY.SIZE[part] (RFC 3516): a part with its
     * content transfer encoding undone.
     */
    record Binary(boolean peek, boolean sizeOnly, List<Integer> part, long partialStart, long partialLength)
            implements FetchItem {

        public Binary {
            part = List.copyOf(part);
        }

        public String spec() {
            StringBuilder sb = new StringBuilder();
            for (int n : part) {
                sb.append(sb.length() > 0 ? "." : "").append(n);
            }
            return sb.toString();
        }
    }

    /**
     * BODY[section]&lt;partial&gt; or BODY.PEEK[...].
     *
     * @param part          the part path ({@code 1.2}), empty for the whole message
     * @param text          "", HEADER, TEXT, MIME, HEADER.FIELDS or HEADER.FIELDS.NOT
     * @param fields        the header names of HEADER.FIELDS(.NOT), as written
     * @param partialStart  first octet of a partial fetch, or -1 for all
     * @param partialLength octets wanted of a partial fetch
     */
    record BodySection(boolean peek, List<Integer> part, String text, List<String> fields, long partialStart,
            long partialLength) implements FetchItem {

        public BodySection {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }

        /** The section as it is named in the response, e.g. {@code 1.2.HEADER.FIELDS (From)}. */
        public String spec() {
            StringBuilder sb = new StringBuilder();
            for (int n : part) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(n);
            }
            if (!text.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(text);
            }
            if (text.startsWith("HEADER.FIELDS")) {
                sb.append(" (").append(String.join(" ", fields)).append(')');
            }
            return sb.toString();
        }
    }
}

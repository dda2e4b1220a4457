package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.request.FetchItem.BodySection;

import java.util.List;

/**
 * The octets a BODY[section]&lt;partial&gt; names (RFC 3501 6.4.5), or null when the part does not exist.
 * Slices of the stored bytes: where the record's summary has the parts' offsets, the entity tree
 * comes from them ({@link MimeEntity#of}) and no part is parsed but the header sections asked for.
 */
final class BodySectionReader {

    private BodySectionReader() {
    }

    static byte[] read(MimeEntity root, BodySection section) {
        byte[] bytes = whole(root, section);
        if (bytes == null || section.partialStart() < 0) {
            return bytes;
        }
        long from = Math.min(section.partialStart(), bytes.length);
        long to = Math.min(bytes.length, from + section.partialLength());
        byte[] out = new byte[(int) (to - from)];
        System.arraycopy(bytes, (int) from, out, 0, out.length);
        return out;
    }

    private static byte[] whole(MimeEntity root, BodySection section) {
        MimeEntity part = section.part().isEmpty() ? root : part(root, section.part());
        if (part == null) {
            return null;
        }
        String text = section.text();
        if (text.isEmpty()) {
            return section.part().isEmpty() ? root.allBytes() : part.bodyBytes();
        }
        if (text.equals("MIME")) {
            return part.headerBytes();
        }
        // HEADER and TEXT of a part refer to the message it encapsulates.
        MimeEntity message = section.part().isEmpty() ? root : part.message();
        if (message == null) {
            return null;
        }
        return switch (text) {
            case "HEADER" -> message.headerBytes();
            case "TEXT" -> message.bodyBytes();
            case "HEADER.FIELDS" -> message.header().select(section.fields(), true);
            case "HEADER.FIELDS.NOT" -> message.header().select(section.fields(), false);
            default -> null;
        };
    }

    /**
     * The decoded content of a part for BINARY (RFC 3516), partial range applied; null when the
     * part does not exist. Throws NO [UNKNOWN-CTE] for an encoding this server cannot undo.
     */
    static byte[] binary(MimeEntity root, io.mailstream.mailbox.imap.request.FetchItem.Binary item) {
        MimeEntity part = item.part().isEmpty() ? root : part(root, item.part());
        if (part == null) {
            return null;
        }
        byte[] bytes;
        if (item.part().isEmpty()) {
            bytes = root.allBytes();
        } else if (part.isMultipart() || part.message() != null) {
            bytes = part.bodyBytes();
        } else {
            bytes = TransferEncoding.decode(part.header().first("Content-Transfer-Encoding"), part.bodyBytes());
            if (bytes == null) {
                throw ImapException.no("UNKNOWN-CTE", "Cannot decode this part's transfer encoding");
            }
        }
        if (item.partialStart() < 0) {
            return bytes;
        }
        long from = Math.min(item.partialStart(), bytes.length);
        long to = Math.min(bytes.length, from + item.partialLength());
        byte[] out = new byte[(int) (to - from)];
        System.arraycopy(bytes, (int) from, out, 0, out.length);
        return out;
    }

    /**
     * Walks a part path. Numbers index the children of a multipart; a message/rfc822 part is
     * entered first; in a message that is not multipart, part 1 is its body.
     */
    private static MimeEntity part(MimeEntity root, List<Integer> path) {
        MimeEntity cur = null;
        for (int n : path) {
            MimeEntity base = cur == null ? root : cur.message() != null ? cur.message() : cur;
            boolean messageLevel = cur == null || cur.message() != null;
            if (base.isMultipart()) {
                if (n > base.children().size()) {
                    return null;
                }
                cur = base.children().get(n - 1);
            } else if (n == 1 && messageLevel) {
                cur = base;
            } else {
                return null;
            }
        }
        return cur;
    }
}

package io.mailstream.mailbox.imap.encode;

import io.mailstream.mailbox.imap.message.ContentType;
import io.mailstream.mailbox.imap.message.HeaderParameters;
import io.mailstream.mailbox.imap.message.StructurePart;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BODY and BODYSTRUCTURE (RFC 3501 7.4.2): the MIME tree with types, parameters, encodings, sizes
 * and line counts; BODYSTRUCTURE adds the extension data (MD5, disposition, language, location,
 * multipart parameters). The tree comes from a parse of the bytes or from the stored summary.
 */
public final class BodyStructureEncoder {

    private BodyStructureEncoder() {
    }

    public static void write(ResponseWriter w, StructurePart e, boolean extensions) {
        write(w, e, extensions, false);
    }

    private static void write(ResponseWriter w, StructurePart e, boolean extensions, boolean adjacent) {
        if (adjacent) {
            w.openAdjacent();
        } else {
            w.open();
        }
        if (e.isMultipart()) {
            // 1*body: the parts follow each other without spaces
            boolean first = true;
            for (StructurePart child : e.parts()) {
                write(w, child, extensions, !first);
                first = false;
            }
            w.string(upper(e.contentType().subtype()));
            if (extensions) {
                params(w, e.contentType().params());
                dispositionLanguageLocation(w, e);
            }
            w.close();
            return;
        }
        ContentType type = e.contentType();
        w.string(upper(type.type())).string(upper(type.subtype()));
        params(w, type.params());
        w.nstring(e.field("Content-ID")).nstring(e.field("Content-Description"));
        String encoding = e.field("Content-Transfer-Encoding");
        w.string(encoding == null || encoding.isBlank() ? "7BIT" : upper(encoding.strip()));
        w.number(e.bodySize());
        if (e.encapsulated() != null) {
            EnvelopeEncoder.write(w, e.encapsulatedEnvelope());
            write(w, e.encapsulated(), extensions);
            w.number(e.bodyLines());
        } else if (type.type().equals("text")) {
            w.number(e.bodyLines());
        }
        if (extensions) {
            w.nstring(e.field("Content-MD5"));
            dispositionLanguageLocation(w, e);
        }
        w.close();
    }

    private static void dispositionLanguageLocation(ResponseWriter w, StructurePart h) {
        String disposition = h.field("Content-Disposition");
        if (disposition == null || disposition.isBlank()) {
            w.nil();
        } else {
            List<String> pieces = HeaderParameters.split(disposition);
            w.open().string(pieces.get(0).toLowerCase(Locale.ROOT));
            params(w, HeaderParameters.of(pieces));
            w.close();
        }
        String language = h.field("Content-Language");
        w.nstring(language == null ? null : language.strip());
        w.nstring(h.field("Content-Location"));
    }

    private static void params(ResponseWriter w, Map<String, String> params) {
        if (params.isEmpty()) {
            w.nil();
            return;
        }
        w.open();
        params.forEach((k, v) -> w.string(k).string(v));
        w.close();
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}

package io.mailstream.mailbox.imap.encode;

import io.mailstream.mailbox.imap.message.ContentType;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.message.HeaderParameters;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BODY and BODYSTRUCTURE (RFC 3501 7.4.2): the MIME tree with types, parameters, encodings, sizes
 * and line counts; BODYSTRUCTURE adds the extension data (MD5, disposition, language, location,
 * multipart parameters).
 */
public final class BodyStructureEncoder {

    private BodyStructureEncoder() {
    }

    public static void write(ResponseWriter w, MimeEntity e, boolean extensions) {
        write(w, e, extensions, false);
    }

    private static void write(ResponseWriter w, MimeEntity e, boolean extensions, boolean adjacent) {
        if (adjacent) {
            w.openAdjacent();
        } else {
            w.open();
        }
        if (e.isMultipart()) {
            // 1*body: the parts follow each other without spaces
            boolean first = true;
            for (MimeEntity child : e.children()) {
                write(w, child, extensions, !first);
                first = false;
            }
            w.string(upper(e.contentType().subtype()));
            if (extensions) {
                params(w, e.contentType().params());
                dispositionLanguageLocation(w, e.header());
            }
            w.close();
            return;
        }
        HeaderSection h = e.header();
        ContentType type = e.contentType();
        w.string(upper(type.type())).string(upper(type.subtype()));
        params(w, type.params());
        w.nstring(h.first("Content-ID")).nstring(h.first("Content-Description"));
        String encoding = h.first("Content-Transfer-Encoding");
        w.string(encoding == null || encoding.isBlank() ? "7BIT" : upper(encoding.strip()));
        w.number(e.bodySize());
        if (e.message() != null) {
            EnvelopeEncoder.write(w, e.message().header());
            write(w, e.message(), extensions);
            w.number(e.bodyLines());
        } else if (type.type().equals("text")) {
            w.number(e.bodyLines());
        }
        if (extensions) {
            w.nstring(h.first("Content-MD5"));
            dispositionLanguageLocation(w, h);
        }
        w.close();
    }

    private static void dispositionLanguageLocation(ResponseWriter w, HeaderSection h) {
        String disposition = h.first("Content-Disposition");
        if (disposition == null || disposition.isBlank()) {
            w.nil();
        } else {
            List<String> pieces = HeaderParameters.split(disposition);
            w.open().string(pieces.get(0).toLowerCase(Locale.ROOT));
            params(w, HeaderParameters.of(pieces));
            w.close();
        }
        String language = h.first("Content-Language");
        w.nstring(language == null ? null : language.strip());
        w.nstring(h.first("Content-Location"));
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

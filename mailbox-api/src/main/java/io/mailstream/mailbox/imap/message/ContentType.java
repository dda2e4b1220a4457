package io.mailstream.mailbox.imap.message;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A parsed Content-Type: lower-case type and subtype, parameters with lower-case names in order. */
public record ContentType(String type, String subtype, Map<String, String> params) {

    static final ContentType TEXT_PLAIN = new ContentType("text", "plain", Map.of("charset", "us-ascii"));
    static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", Map.of());

    public boolean is(String t, String s) {
        return type.equals(t) && subtype.equals(s);
    }

    public boolean isMultipart() {
        return type.equals("multipart");
    }

    public String param(String name) {
        return params.get(name);
    }

    /** Null when the value is missing or has no type/subtype. */
    static ContentType parse(String value) {
        if (value == null) {
            return null;
        }
        List<String> pieces = HeaderParameters.split(value);
        String[] typeAndSub = pieces.get(0).split("/", 2);
        if (typeAndSub.length != 2 || typeAndSub[0].isBlank() || typeAndSub[1].isBlank()) {
            return null;
        }
        return new ContentType(typeAndSub[0].strip().toLowerCase(Locale.ROOT),
                typeAndSub[1].strip().toLowerCase(Locale.ROOT), HeaderParameters.of(pieces));
    }
}

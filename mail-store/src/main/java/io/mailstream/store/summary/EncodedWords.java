package io.mailstream.store.summary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words in header values, for SEARCH (IMAP) and the search text stored
 * at delivery ({@link SearchText}); undecodable words stay as written.
 */
public final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(?==\\?)");

    private EncodedWords() {
    }

    public static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        // White space between two encoded words is not part of the text (RFC 2047 6.2).
        String joined = BETWEEN_WORDS.matcher(value).replaceAll("$1");
        Matcher m = WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(word(m.group(1), m.group(2), m.group(3), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String word(String charsetName, String encoding, String text, String original) {
        try {
            int star = charsetName.indexOf('*');
            Charset charset = Charset.forName(star < 0 ? charsetName : charsetName.substring(0, star));
            byte[] bytes = encoding.equalsIgnoreCase("B") ? Base64.getMimeDecoder().decode(text) : quotedPrintable(text);
            return new String(bytes, charset);
        } catch (IllegalArgumentException e) {
            return original;
        }
    }

    private static byte[] quotedPrintable(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '_') {
                out.write(' ');
            } else if (in[i] == '=' && i + 2 < in.length) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }
}

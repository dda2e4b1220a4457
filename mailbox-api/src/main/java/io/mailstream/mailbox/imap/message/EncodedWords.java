package io.mailstream.mailbox.imap.message;

/**
 * Decodes RFC 2047 encoded words in header values, for SEARCH; undecodable words stay as written.
 * The rule lives in mail-store ({@link io.mailstream.store.summary.EncodedWords}) because the
 * search text stored at delivery decodes the header fields of parts with it too.
 */
public final class EncodedWords {

    private EncodedWords() {
    }

    public static String decode(String value) {
        return io.mailstream.store.summary.EncodedWords.decode(value);
    }
}

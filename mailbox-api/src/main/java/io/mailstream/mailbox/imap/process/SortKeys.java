package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.message.EncodedWords;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.AddressList;
import io.mailstream.store.summary.EnvelopeAddress;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values SORT and THREAD (RFC 5256) order by, read from the stored header section: the base
 * subject, the sent date (the internal date when the Date field is missing or broken), and the
 * first address of From, To and Cc. Strings compare with i;ascii-casemap (upper-cased).
 */
final class SortKeys {

    private static final Pattern LEADER = Pattern.compile("^(?:\\[[^\\[\\]]*\\]\\s*)*(?:re|fwd?)\\s*(?:\\[[^\\[\\]]*\\])?\\s*:\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOB = Pattern.compile("^\\[[^\\[\\]]*\\]\\s*");
    private static final Pattern TRAILER = Pattern.compile("(?:\\s*\\(fwd\\))+\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FWD_WRAPPER = Pattern.compile("^\\[fwd:\\s*(.*)\\]$", Pattern.CASE_INSENSITIVE);

    private final StoredMessage message;
    private final HeaderSection header;

    SortKeys(StoredMessage message) {
        this.message = message;
        this.header = HeaderSection.parse(message.header() == null ? "" : message.header());
    }

    StoredMessage message() {
        return message;
    }

    HeaderSection header() {
        return header;
    }

    /** RFC 5256 section 2.1, with the loops bounded by the subject's length. */
    String baseSubject() {
        String s = header.first("Subject");
        s = s == null ? "" : EncodedWords.decode(s).replaceAll("\\s+", " ").strip();
        for (int guard = 0; guard < 64; guard++) {
            String before = s;
            s = TRAILER.matcher(s).replaceFirst("");
            Matcher leader = LEADER.matcher(s);
            if (leader.find()) {
                s = s.substring(leader.end());
            } else {
                Matcher blob = BLOB.matcher(s);
                if (blob.find() && blob.end() < s.length()) {
                    s = s.substring(blob.end());
                }
            }
            Matcher fwd = FWD_WRAPPER.matcher(s);
            if (fwd.matches()) {
                s = fwd.group(1).strip();
            }
            if (s.equals(before)) {
                break;
            }
        }
        return s.toUpperCase(Locale.ROOT);
    }

    Instant sentDate() {
        String value = header.first("Date");
        if (value != null) {
            String cleaned = value.replaceAll("\\([^)]*\\)", "").strip().replaceAll("\\s+", " ");
            try {
                return ZonedDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // fall back to the internal date, as RFC 5256 says
            }
        }
        return message.internalDate().toInstant();
    }

    /** The mailbox (local part) of the first address of a field, or "" (RFC 5256 sorts by addr-mailbox). */
    String firstMailbox(String field) {
        String value = header.first(field);
        if (value == null) {
            return "";
        }
        List<EnvelopeAddress> addresses = AddressList.parse(value);
        for (EnvelopeAddress a : addresses) {
            if (a.mailbox() != null && a.host() != null) {
                return a.mailbox().toUpperCase(Locale.ROOT);
            }
        }
        return "";
    }
}

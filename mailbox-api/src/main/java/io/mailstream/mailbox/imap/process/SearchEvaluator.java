package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.message.EncodedWords;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.MimeLayout;
import io.mailstream.store.summary.SearchText;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether one message matches a search key. Header keys use the stored header with
 * encoded words decoded and compare case-insensitively. BODY looks in the decoded text of the
 * message's text parts, TEXT also in its header sections (mail-store {@link SearchText}): as
 * stored with the record at delivery, or, for a record without it (older records) or where the
 * stored text was cut and does not match, as read from the message bytes when the key is reached.
 * Both ways give the same answer (SearchTextEquivalenceTest).
 */
final class SearchEvaluator {

    private final MailboxAccess access;
    private final StoredMessage message;
    private final int seq;
    private final int exists;
    private final long lastUid;
    private final Set<Long> saved;
    private HeaderSection header;
    private byte[] raw;
    private Haystack stored;
    private final Function<Long, SearchText> texts;
    private Haystack read;

    /**
     * {@code saved}: the UIDs {@code $} names (RFC 5182); {@code texts}: the mailbox's stored search
     * texts by UID, asked only when a BODY or TEXT key is reached (listings leave them out).
     */
    SearchEvaluator(MailboxAccess access, StoredMessage message, int seq, int exists, long lastUid, Set<Long> saved,
            Function<Long, SearchText> texts) {
        this.texts = texts;
        this.access = access;
        this.message = message;
        this.seq = seq;
        this.exists = exists;
        this.lastUid = lastUid;
        this.saved = saved;
    }

    /** The texts of {@code mailbox} by UID, read with one query when first asked for, then kept (one command). */
    static Function<Long, SearchText> textsOf(MailboxAccess access, Mailbox mailbox) {
        return new Function<>() {
            private Map<Long, SearchText> loaded;

            @Override
            public SearchText apply(Long uid) {
                if (loaded == null) {
                    loaded = access.searchTexts(mailbox);
                }
                return loaded.get(uid);
            }
        };
    }

    boolean matches(SearchKey key) {
        if (key instanceof SearchKey.All) {
            return true;
        } else if (key instanceof SearchKey.None) {
            return false;
        } else if (key instanceof SearchKey.Flag f) {
            return Flags.has(message.flags(), f.flag()) == f.present();
        } else if (key instanceof SearchKey.Header h) {
            return header(h.field(), h.value());
        } else if (key instanceof SearchKey.Text t) {
            return text(t.value(), t.includeHeader());
        } else if (key instanceof SearchKey.Date d) {
            return date(d);
        } else if (key instanceof SearchKey.Size s) {
            return s.larger() ? message.size() > s.size() : message.size() < s.size();
        } else if (key instanceof SearchKey.ModSeq ms) {
            return message.modSeq() >= ms.modSeq();
        } else if (key instanceof SearchKey.Uid u) {
            return u.set().saved() ? saved.contains(message.uid()) : u.set().contains(message.uid(), lastUid);
        } else if (key instanceof SearchKey.Sequence s) {
            return s.set().saved() ? saved.contains(message.uid()) : s.set().contains(seq, exists);
        } else if (key instanceof SearchKey.Not n) {
            return !matches(n.key());
        } else if (key instanceof SearchKey.Or o) {
            return matches(o.left()) || matches(o.right());
        } else if (key instanceof SearchKey.And a) {
            return a.keys().stream().allMatch(this::matches);
        }
        throw new IllegalArgumentException("unknown search key " + key);
    }

    private boolean header(String field, String value) {
        String content = header().joined(field);
        if (content == null) {
            return false;
        }
        return value.isEmpty() || contains(EncodedWords.decode(content), value);
    }

    private boolean text(String value, boolean includeHeader) {
        if (value.isEmpty()) {
            return true; // the empty string is in every text, even none
        }
        String needle = value.toLowerCase(Locale.ROOT);
        Haystack kept = stored();
        if (kept != null) {
            if (kept.contains(needle, includeHeader) && (!kept.truncated || needle.indexOf('\u03c2') < 0)) {
                // Cut text is a prefix of the whole, lower-cased alike but for a final sigma at the cut
                return true;
            }
            if (!kept.truncated) {
                return false;
            }
        }
        if (read == null) {
            byte[] bytes = raw();
            read = new Haystack(new String(bytes, 0, MimeLayout.bodyStart(bytes, 0, bytes.length),
                    StandardCharsets.UTF_8), SearchText.of(bytes));
        }
        return read.contains(needle, includeHeader);
    }

    /** The search text stored with the record and its header section, or null when it has none. */
    private Haystack stored() {
        if (stored == null && message.summary() != null && message.header() != null) {
            SearchText text = message.summary().text() != null ? message.summary().text() : texts.apply(message.uid());
            if (text != null) {
                stored = new Haystack(headerSection(message.header()), text);
            }
        }
        return stored;
    }

    /**
     * The header section as {@link MimeLayout} ends it (at the first blank line, LF or CRLF), of the
     * stored header field (which ends at the first CRLF CRLF, or holds the message cut at 256 KB).
     */
    private static String headerSection(String header) {
        int pos = 0;
        while (pos < header.length()) {
            int lf = header.indexOf('\n', pos);
            int next = lf < 0 ? header.length() : lf + 1;
            if (next - pos == 1 && header.charAt(pos) == '\n'
                    || next - pos == 2 && header.charAt(pos) == '\r' && header.charAt(pos + 1) == '\n') {
                return header.substring(0, next);
            }
            pos = next;
        }
        return header;
    }

    /** A message's text lower-cased for matching: its top-level header section, the rest's headers, the body text. */
    private static final class Haystack {
        final String header;
        final List<String> headers;
        final List<String> body;
        final boolean truncated;

        Haystack(String header, SearchText text) {
            this.header = EncodedWords.decode(header).toLowerCase(Locale.ROOT);
            this.headers = lower(text.headers());
            this.body = lower(text.body());
            this.truncated = text.truncated();
        }

        boolean contains(String needle, boolean includeHeader) {
            if (includeHeader && (header.contains(needle) || headers.stream().anyMatch(h -> h.contains(needle)))) {
                return true;
            }
            return body.stream().anyMatch(b -> b.contains(needle));
        }

        private static List<String> lower(List<String> texts) {
            List<String> out = new ArrayList<>(texts.size());
            texts.forEach(t -> out.add(t.toLowerCase(Locale.ROOT)));
            return out;
        }
    }

    private boolean date(SearchKey.Date d) {
        LocalDate day;
        if (d.sent()) {
            day = sentDate();
            if (day == null) {
                return false;
            }
        } else {
            day = message.internalDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        return switch (d.op()) {
            case BEFORE -> day.isBefore(d.date());
            case ON -> day.isEqual(d.date());
            case SINCE -> !day.isBefore(d.date());
        };
    }

    private LocalDate sentDate() {
        String value = header().first("Date");
        if (value == null) {
            return null;
        }
        String cleaned = value.replaceAll("\\([^)]*\\)", "").strip().replaceAll("\\s+", " ");
        try {
            return ZonedDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private HeaderSection header() {
        if (header == null) {
            header = message.header() != null ? HeaderSection.parse(message.header())
                    : MimeEntity.parse(raw()).header();
        }
        return header;
    }

    private byte[] raw() {
        if (raw == null) {
            raw = access.content(message);
        }
        return raw;
    }

    private static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}

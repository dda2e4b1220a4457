package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.message.EncodedWords;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether one message matches a search key. Header keys use the stored header with
 * encoded words decoded and compare case-insensitively; BODY and TEXT read the message bytes,
 * and only when the key is reached.
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

    /** {@code saved}: the UIDs {@code $} names (RFC 5182). */
    SearchEvaluator(MailboxAccess access, StoredMessage message, int seq, int exists, long lastUid, Set<Long> saved) {
        this.access = access;
        this.message = message;
        this.seq = seq;
        this.exists = exists;
        this.lastUid = lastUid;
        this.saved = saved;
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
        byte[] bytes = raw();
        MimeEntity root = MimeEntity.parse(bytes);
        byte[] searched = includeHeader ? bytes : root.bodyBytes();
        if (includeHeader && contains(EncodedWords.decode(new String(root.headerBytes(), StandardCharsets.UTF_8)),
                value)) {
            return true;
        }
        return contains(new String(searched, StandardCharsets.UTF_8), value);
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

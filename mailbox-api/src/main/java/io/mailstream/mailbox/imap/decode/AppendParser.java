package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.AppendRequest;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * APPEND mailbox [flag-list] [date-time] literal, repeated for MULTIAPPEND (RFC 3502):
 * {@code SP [flag-list SP] [date-time SP] literal} after the first message.
 */
public final class AppendParser {

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-uuuu HH:mm:ss Z").toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_MESSAGES = 100;

    private AppendParser() {
    }

    public static AppendRequest parse(String tag, ArgReader args) {
        args.sp();
        String mailbox = args.astring();
        List<AppendRequest.Message> messages = new ArrayList<>();
        do {
            if (messages.size() == MAX_MESSAGES) {
                throw new DecodeException("Too many messages in one APPEND");
            }
            args.sp();
            messages.add(message(args));
        } while (!args.atEnd());
        return new AppendRequest(tag, mailbox, messages);
    }

    private static AppendRequest.Message message(ArgReader args) {
        List<String> flags = List.of();
        ZonedDateTime date = null;
        if (args.peek() == '(') {
            flags = args.flagList();
            args.sp();
        }
        if (args.peek() == '"') {
            date = dateTime(args.string());
            args.sp();
        }
        if (args.lookingAtIgnoreCase("UTF8 (")) { // RFC 6855: UTF8 (literal8)
            args.atom();
            args.sp();
            args.expect('(');
            byte[] content = args.stringBytes();
            args.expect(')');
            return new AppendRequest.Message(flags, date, content);
        }
        if (args.peek() != '{' && args.peek() != '~') {
            throw new DecodeException("Expected the message as a literal");
        }
        return new AppendRequest.Message(flags, date, args.stringBytes());
    }

    /** date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", the day possibly padded with a space. */
    static ZonedDateTime dateTime(String text) {
        try {
            return ZonedDateTime.parse(text.strip(), DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new DecodeException("Invalid date-time");
        }
    }
}

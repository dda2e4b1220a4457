package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.SortRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SORT (criteria) charset search-keys, and THREAD algorithm charset search-keys (RFC 5256). */
public final class SortParser {

    private SortParser() {
    }

    public static CommandParser<SortRequest> sort(boolean uid) {
        return (tag, args) -> {
            args.sp();
            args.expect('(');
            List<String> criteria = new ArrayList<>();
            do {
                String c = args.atom().toUpperCase(Locale.ROOT);
                if (c.equals("REVERSE")) {
                    args.sp();
                    c = "REVERSE " + args.atom().toUpperCase(Locale.ROOT);
                }
                criteria.add(c);
            } while (args.tryConsume(' ') && criteria.size() < 16);
            args.expect(')');
            args.sp();
            String charset = args.astring();
            return new SortRequest(tag, uid, false, criteria, charset, SearchParser.keys(args));
        };
    }

    public static CommandParser<SortRequest> thread(boolean uid) {
        return (tag, args) -> {
            args.sp();
            String algorithm = args.atom().toUpperCase(Locale.ROOT);
            if (!algorithm.equals("ORDEREDSUBJECT") && !algorithm.equals("REFERENCES")) {
                throw new DecodeException("Unsupported threading algorithm " + algorithm);
            }
            args.sp();
            String charset = args.astring();
            return new SortRequest(tag, uid, true, List.of(algorithm), charset, SearchParser.keys(args));
        };
    }
}

package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.mailbox.imap.request.SearchRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SEARCH [CHARSET astring] 1*(SP search-key), with NOT, OR and parentheses nested to a bound. */
public final class SearchParser {

    static final int MAX_DEPTH = 32;

    private SearchParser() {
    }

    public static SearchRequest parse(String tag, boolean uid, ArgReader args) {
        args.sp();
        String charset = null;
        List<SearchKey> keys = new ArrayList<>();
        java.util.Set<String> returns = null;
        if (startsWithWord(args, "RETURN")) {
            args.atom();
            args.sp();
            args.expect('(');
            returns = new java.util.HashSet<>();
            if (!args.tryConsume(')')) {
                do {
                    String option = args.atom().toUpperCase(Locale.ROOT);
                    if (!java.util.Set.of("MIN", "MAX", "COUNT", "ALL", "SAVE").contains(option)) {
                        throw new DecodeException("Unknown RETURN option " + option);
                    }
                    returns.add(option);
                } while (args.tryConsume(' '));
                args.expect(')');
            }
            if (returns.isEmpty()) {
                returns.add("ALL");
            }
            args.sp();
        }
        if (startsWithWord(args, "CHARSET")) {
            args.atom();
            args.sp();
            charset = args.astring();
            args.sp();
        }
        do {
            keys.add(key(args, 0));
        } while (args.tryConsume(' '));
        args.end();
        return new SearchRequest(tag, uid, charset, keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys),
                returns);
    }

    /** 1*(SP search-key) to the end of the command, as SORT and THREAD take them. */
    public static SearchKey keys(ArgReader args) {
        List<SearchKey> keys = new ArrayList<>();
        do {
            args.sp();
            keys.add(key(args, 0));
        } while (!args.atEnd());
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private static SearchKey key(ArgReader args, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DecodeException("Search nested too deeply");
        }
        int c = args.peek();
        if (c == '(') {
            args.expect('(');
            List<SearchKey> keys = new ArrayList<>();
            do {
                keys.add(key(args, depth + 1));
            } while (args.tryConsume(' '));
            args.expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        if (c == '*' || c == '$' || (c >= '0' && c <= '9')) {
            return new SearchKey.Sequence(args.sequenceSet());
        }
        String name = args.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> new SearchKey.Flag("\\Answered", true);
            case "UNANSWERED" -> new SearchKey.Flag("\\Answered", false);
            case "DELETED" -> new SearchKey.Flag("\\Deleted", true);
            case "UNDELETED" -> new SearchKey.Flag("\\Deleted", false);
            case "DRAFT" -> new SearchKey.Flag("\\Draft", true);
            case "UNDRAFT" -> new SearchKey.Flag("\\Draft", false);
            case "FLAGGED" -> new SearchKey.Flag("\\Flagged", true);
            case "UNFLAGGED" -> new SearchKey.Flag("\\Flagged", false);
            case "SEEN" -> new SearchKey.Flag("\\Seen", true);
            case "UNSEEN" -> new SearchKey.Flag("\\Seen", false);
            case "KEYWORD" -> new SearchKey.Flag(argAtom(args), true);
            case "UNKEYWORD" -> new SearchKey.Flag(argAtom(args), false);
            case "RECENT" -> new SearchKey.Recent();
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(), new SearchKey.Flag("\\Seen", false)));
            case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> new SearchKey.Header(name, argString(args));
            case "HEADER" -> {
                String field = argString(args);
                args.sp();
                yield new SearchKey.Header(field.toUpperCase(Locale.ROOT), args.astring());
            }
            case "BODY" -> new SearchKey.Text(argString(args), false);
            case "TEXT" -> new SearchKey.Text(argString(args), true);
            case "BEFORE" -> new SearchKey.Date(SearchKey.DateOp.BEFORE, argDate(args), false);
            case "ON" -> new SearchKey.Date(SearchKey.DateOp.ON, argDate(args), false);
            case "SINCE" -> new SearchKey.Date(SearchKey.DateOp.SINCE, argDate(args), false);
            case "SENTBEFORE" -> new SearchKey.Date(SearchKey.DateOp.BEFORE, argDate(args), true);
            case "SENTON" -> new SearchKey.Date(SearchKey.DateOp.ON, argDate(args), true);
            case "SENTSINCE" -> new SearchKey.Date(SearchKey.DateOp.SINCE, argDate(args), true);
            case "LARGER" -> new SearchKey.Size(argNumber(args), true);
            case "SMALLER" -> new SearchKey.Size(argNumber(args), false);
            case "UID" -> {
                args.sp();
                yield new SearchKey.Uid(args.sequenceSet());
            }
            case "MODSEQ" -> {
                args.sp();
                if (args.peek() == '"') { // an entry name and type: per-flag MODSEQs are not kept apart
                    args.string();
                    args.sp();
                    args.atom();
                    args.sp();
                }
                yield new SearchKey.ModSeq(args.number());
            }
            case "NOT" -> {
                args.sp();
                yield new SearchKey.Not(key(args, depth + 1));
            }
            case "OR" -> {
                args.sp();
                SearchKey left = key(args, depth + 1);
                args.sp();
                yield new SearchKey.Or(left, key(args, depth + 1));
            }
            default -> throw new DecodeException("Unknown search key " + name);
        };
    }

    private static String argString(ArgReader args) {
        args.sp();
        return args.astring();
    }

    private static String argAtom(ArgReader args) {
        args.sp();
        return args.flag();
    }

    private static long argNumber(ArgReader args) {
        args.sp();
        return args.number();
    }

    private static java.time.LocalDate argDate(ArgReader args) {
        args.sp();
        return args.date();
    }

    private static boolean startsWithWord(ArgReader args, String word) {
        return args.lookingAtIgnoreCase(word + " ");
    }
}

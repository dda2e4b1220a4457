package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.CopyRequest;
import io.mailstream.mailbox.imap.request.EnableRequest;
import io.mailstream.mailbox.imap.request.ListRequest;
import io.mailstream.mailbox.imap.request.MailboxRequest;
import io.mailstream.mailbox.imap.request.RenameRequest;
import io.mailstream.mailbox.imap.request.SimpleRequest;
import io.mailstream.mailbox.imap.request.UidExpungeRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parsers of the commands that name mailboxes: CREATE ... LIST, LSUB, COPY/MOVE; and ENABLE, ID. */
public final class MailboxParsers {

    /** RFC 2971: at most 30 field-value pairs. */
    private static final int MAX_ID_PAIRS = 30;
    private static final int MAX_LIST_PATTERNS = 32;
    private static final Set<String> SELECTION_OPTIONS = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");

    private MailboxParsers() {
    }

    /** DELETE, SUBSCRIBE, UNSUBSCRIBE. */
    public static CommandParser<MailboxRequest> oneMailbox(String command) {
        return (tag, args) -> {
            args.sp();
            String mailbox = args.astring();
            args.end();
            return new MailboxRequest(tag, command, mailbox, null);
        };
    }

    /** CREATE mailbox [(USE (\Attr))] (RFC 6154 CREATE-SPECIAL-USE). */
    public static MailboxRequest create(String tag, ArgReader args) {
        args.sp();
        String mailbox = args.astring();
        String use = null;
        if (args.tryConsume(' ')) {
            args.expect('(');
            if (!args.atom().equalsIgnoreCase("USE")) {
                throw new DecodeException("Unknown CREATE parameter");
            }
            args.sp();
            List<String> uses = args.flagList();
            if (uses.size() > 1) {
                throw new DecodeException("One special use per mailbox");
            }
            use = uses.isEmpty() ? null : uses.get(0);
            args.expect(')');
        }
        args.end();
        return new MailboxRequest(tag, "CREATE", mailbox, use);
    }

    /** SETQUOTA root (resource limit ...): parsed, then refused. */
    public static MailboxRequest setQuota(String tag, ArgReader args) {
        args.sp();
        String root = args.astring();
        args.sp();
        args.expect('(');
        while (!args.tryConsume(')')) {
            args.tryConsume(' ');
            args.atom();
            args.sp();
            args.number();
        }
        args.end();
        return new MailboxRequest(tag, "SETQUOTA", root, null);
    }

    public static RenameRequest rename(String tag, ArgReader args) {
        args.sp();
        String from = args.astring();
        args.sp();
        String to = args.astring();
        args.end();
        return new RenameRequest(tag, from, to);
    }

    /** LIST [(selection)] reference (pattern | (patterns)) [RETURN (options)] (RFC 5258, 5819). */
    public static ListRequest list(String tag, ArgReader args) {
        args.sp();
        Set<String> selection = new HashSet<>();
        boolean extended = false;
        if (args.peek() == '(') {
            extended = true;
            selection.addAll(atoms(args));
            checkSelection(selection);
            args.sp();
        }
        String reference = args.astring();
        args.sp();
        List<String> patterns = new ArrayList<>();
        if (args.tryConsume('(')) {
            extended = true;
            do {
                if (patterns.size() == MAX_LIST_PATTERNS) {
                    throw new DecodeException("Too many patterns");
                }
                patterns.add(args.listMailbox());
            } while (args.tryConsume(' '));
            args.expect(')');
        } else {
            patterns.add(args.listMailbox());
        }
        Set<String> returns = new HashSet<>();
        List<String> statusItems = new ArrayList<>();
        if (args.tryConsume(' ')) {
            extended = true;
            if (!args.atom().equalsIgnoreCase("RETURN")) {
                throw new DecodeException("Expected RETURN");
            }
            args.sp();
            args.expect('(');
            if (!args.tryConsume(')')) {
                do {
                    String option = args.atom().toUpperCase(Locale.ROOT);
                    returns.add(option);
                    if (option.equals("STATUS")) {
                        args.sp();
                        statusItems.addAll(atoms(args));
                    }
                } while (args.tryConsume(' '));
                args.expect(')');
            }
        }
        args.end();
        return new ListRequest(tag, "LIST", selection, reference, patterns, returns, statusItems, extended);
    }

    /**
     * RFC 5258 3.1: unknown selection options are an error, and RECURSIVEMATCH needs another option
     * (REMOTE alone does not count). REMOTE is accepted: this server has no remote mailboxes
     * (RFC 2193), so it changes nothing and no mailbox is ever {@code \Remote}.
     */
    private static void checkSelection(Set<String> selection) {
        for (String option : selection) {
            if (!SELECTION_OPTIONS.contains(option)) {
                throw new DecodeException("Unknown LIST selection option " + option);
            }
        }
        if (selection.contains("RECURSIVEMATCH")
                && selection.stream().allMatch(o -> o.equals("RECURSIVEMATCH") || o.equals("REMOTE"))) {
            throw new DecodeException("RECURSIVEMATCH needs another selection option");
        }
    }

    public static ListRequest lsub(String tag, ArgReader args) {
        args.sp();
        String reference = args.astring();
        args.sp();
        String pattern = args.listMailbox();
        args.end();
        return ListRequest.plain(tag, "LSUB", reference, pattern);
    }

    public static EnableRequest enable(String tag, ArgReader args) {
        List<String> caps = new ArrayList<>();
        do {
            args.sp();
            caps.add(args.atom().toUpperCase(Locale.ROOT));
        } while (!args.atEnd() && caps.size() < 32);
        args.end();
        return new EnableRequest(tag, caps);
    }

    /** ID (RFC 2971): the client's fields are read and ignored. */
    public static SimpleRequest id(String tag, ArgReader args) {
        args.sp();
        if (args.tryConsume('(')) {
            int pairs = 0;
            if (!args.tryConsume(')')) {
                do {
                    if (++pairs > MAX_ID_PAIRS) {
                        throw new DecodeException("Too many ID fields");
                    }
                    args.string();
                    args.sp();
                    nstring(args);
                } while (args.tryConsume(' '));
                args.expect(')');
            }
        } else if (!args.atom().equalsIgnoreCase("NIL")) {
            throw new DecodeException("Expected a list or NIL");
        }
        args.end();
        return new SimpleRequest(tag, "ID");
    }

    /** COPY/MOVE sequence-set mailbox. */
    public static CommandParser<CopyRequest> copy(boolean uid, boolean move) {
        return (tag, args) -> {
            args.sp();
            var set = args.sequenceSet();
            args.sp();
            String mailbox = args.astring();
            args.end();
            return new CopyRequest(tag, uid, move, set, mailbox);
        };
    }

    public static UidExpungeRequest uidExpunge(String tag, ArgReader args) {
        args.sp();
        var set = args.sequenceSet();
        args.end();
        return new UidExpungeRequest(tag, set);
    }

    private static List<String> atoms(ArgReader args) {
        args.expect('(');
        List<String> out = new ArrayList<>();
        if (args.tryConsume(')')) {
            return out;
        }
        do {
            out.add(args.atom().toUpperCase(Locale.ROOT));
        } while (args.tryConsume(' ') && out.size() < 32);
        args.expect(')');
        return out;
    }

    private static void nstring(ArgReader args) {
        if (args.peek() == '"' || args.peek() == '{') {
            args.string();
        } else if (!args.atom().equalsIgnoreCase("NIL")) {
            throw new DecodeException("Expected a string or NIL");
        }
    }
}

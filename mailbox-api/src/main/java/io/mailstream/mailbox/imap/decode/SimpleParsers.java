package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.AuthenticateRequest;
import io.mailstream.mailbox.imap.request.LoginRequest;
import io.mailstream.mailbox.imap.request.SelectRequest;
import io.mailstream.mailbox.imap.request.SimpleRequest;
import io.mailstream.mailbox.imap.request.StatusRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsers of the commands whose arguments are a few strings. */
public final class SimpleParsers {

    private SimpleParsers() {
    }

    /** For commands that take no arguments. */
    public static CommandParser<SimpleRequest> noArguments(String command) {
        return (tag, args) -> {
            args.end();
            return new SimpleRequest(tag, command);
        };
    }

    public static LoginRequest login(String tag, ArgReader args) {
        args.sp();
        String user = args.astring();
        args.sp();
        String password = args.astring();
        args.end();
        return new LoginRequest(tag, user, password);
    }

    public static AuthenticateRequest authenticate(String tag, ArgReader args) {
        args.sp();
        String mechanism = args.atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (args.tryConsume(' ')) {
            initial = args.atom();
        }
        args.end();
        return new AuthenticateRequest(tag, mechanism, initial);
    }

    public static SelectRequest select(String tag, ArgReader args) {
        return selectOrExamine(tag, args, false);
    }

    public static SelectRequest examine(String tag, ArgReader args) {
        return selectOrExamine(tag, args, true);
    }

    private static SelectRequest selectOrExamine(String tag, ArgReader args, boolean readOnly) {
        args.sp();
        String mailbox = args.astring();
        boolean condstore = false;
        SelectRequest.Qresync qresync = null;
        if (args.tryConsume(' ')) {
            args.expect('(');
            do {
                String param = args.atom().toUpperCase(Locale.ROOT);
                if (param.equals("CONDSTORE")) {
                    condstore = true;
                } else if (param.equals("QRESYNC")) {
                    qresync = qresync(args);
                } else {
                    throw new DecodeException("Unknown SELECT parameter " + param);
                }
            } while (args.tryConsume(' '));
            args.expect(')');
        }
        args.end();
        return new SelectRequest(tag, mailbox, readOnly, condstore, qresync);
    }

    /** (uidvalidity mod-sequence-value [SP known-uids] [SP seq-match-data]); seq-match-data is not needed. */
    private static SelectRequest.Qresync qresync(ArgReader args) {
        args.sp();
        args.expect('(');
        long uidValidity = args.nzNumber();
        args.sp();
        long modSeq = args.nzNumber();
        io.mailstream.mailbox.imap.request.SequenceSet known = null;
        if (args.tryConsume(' ')) {
            if (args.peek() != '(') {
                known = args.sequenceSet();
                args.tryConsume(' ');
            }
            if (args.tryConsume('(')) {
                args.sequenceSet();
                args.sp();
                args.sequenceSet();
                args.expect(')');
            }
        }
        args.expect(')');
        return new SelectRequest.Qresync(uidValidity, modSeq, known);
    }

    public static StatusRequest status(String tag, ArgReader args) {
        args.sp();
        String mailbox = args.astring();
        args.sp();
        args.expect('(');
        List<String> items = new ArrayList<>();
        do {
            items.add(args.atom().toUpperCase(Locale.ROOT));
        } while (args.tryConsume(' '));
        args.expect(')');
        args.end();
        return new StatusRequest(tag, mailbox, items);
    }
}

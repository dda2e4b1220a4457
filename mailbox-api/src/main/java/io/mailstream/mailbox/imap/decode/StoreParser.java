package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.SequenceSet;
import io.mailstream.mailbox.imap.request.StoreRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** STORE sequence-set ["+" / "-"] FLAGS[.SILENT] (flag-list / flag *(SP flag)). */
public final class StoreParser {

    private StoreParser() {
    }

    public static StoreRequest parse(String tag, boolean uid, ArgReader args) {
        args.sp();
        SequenceSet set = args.sequenceSet();
        args.sp();
        long unchangedSince = -1;
        if (args.tryConsume('(')) {
            if (!args.atom().equalsIgnoreCase("UNCHANGEDSINCE")) {
                throw new DecodeException("Unknown STORE modifier");
            }
            args.sp();
            unchangedSince = args.number();
            args.expect(')');
            args.sp();
        }
        StoreRequest.Mode mode = StoreRequest.Mode.REPLACE;
        if (args.tryConsume('+')) {
            mode = StoreRequest.Mode.ADD;
        } else if (args.tryConsume('-')) {
            mode = StoreRequest.Mode.REMOVE;
        }
        String item = args.atom().toUpperCase(Locale.ROOT);
        boolean silent;
        if (item.equals("FLAGS")) {
            silent = false;
        } else if (item.equals("FLAGS.SILENT")) {
            silent = true;
        } else {
            throw new DecodeException("Unknown STORE item " + item);
        }
        args.sp();
        List<String> flags;
        if (args.peek() == '(') {
            flags = args.flagList();
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(args.flag());
            } while (args.tryConsume(' '));
        }
        args.end();
        return new StoreRequest(tag, uid, set, mode, silent, flags, unchangedSince);
    }
}

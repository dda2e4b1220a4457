package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.FetchItem;
import io.mailstream.mailbox.imap.request.FetchItem.Attribute;
import io.mailstream.mailbox.imap.request.FetchItem.BodySection;
import io.mailstream.mailbox.imap.request.FetchRequest;
import io.mailstream.mailbox.imap.request.SequenceSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** FETCH sequence-set (macro / fetch-att / "(" fetch-att *(SP fetch-att) ")"). */
public final class FetchParser {

    private static final Set<String> SECTION_TEXTS = Set.of("", "HEADER", "TEXT", "MIME", "HEADER.FIELDS",
            "HEADER.FIELDS.NOT");
    private static final int MAX_PART_DEPTH = 32;

    private FetchParser() {
    }

    public static FetchRequest parse(String tag, boolean uid, ArgReader args) {
        args.sp();
        SequenceSet set = args.sequenceSet();
        args.sp();
        List<FetchItem> items = new ArrayList<>();
        if (args.tryConsume('(')) {
            do {
                items.add(item(args));
            } while (args.tryConsume(' '));
            args.expect(')');
        } else {
            String name = args.name();
            switch (name) {
                case "ALL" -> items.addAll(List.of(Attribute.FLAGS, Attribute.INTERNALDATE, Attribute.RFC822_SIZE,
                        Attribute.ENVELOPE));
                case "FAST" -> items.addAll(List.of(Attribute.FLAGS, Attribute.INTERNALDATE, Attribute.RFC822_SIZE));
                case "FULL" -> items.addAll(List.of(Attribute.FLAGS, Attribute.INTERNALDATE, Attribute.RFC822_SIZE,
                        Attribute.ENVELOPE, Attribute.BODY));
                default -> items.add(item(name, args));
            }
        }
        long changedSince = -1;
        boolean vanished = false;
        if (args.tryConsume(' ')) {
            args.expect('(');
            do {
                String modifier = args.atom().toUpperCase(java.util.Locale.ROOT);
                if (modifier.equals("CHANGEDSINCE")) {
                    args.sp();
                    changedSince = args.number();
                } else if (modifier.equals("VANISHED") && uid) {
                    vanished = true;
                } else {
                    throw new DecodeException("Unknown FETCH modifier " + modifier);
                }
            } while (args.tryConsume(' '));
            args.expect(')');
            if (vanished && changedSince < 0) {
                throw new DecodeException("VANISHED needs CHANGEDSINCE");
            }
        }
        args.end();
        return new FetchRequest(tag, uid, set, items, changedSince, vanished);
    }

    private static FetchItem item(ArgReader args) {
        return item(args.name(), args);
    }

    private static FetchItem item(String name, ArgReader args) {
        switch (name) {
            case "FLAGS":
                return Attribute.FLAGS;
            case "UID":
                return Attribute.UID;
            case "INTERNALDATE":
                return Attribute.INTERNALDATE;
            case "RFC822.SIZE":
                return Attribute.RFC822_SIZE;
            case "ENVELOPE":
                return Attribute.ENVELOPE;
            case "MODSEQ":
                return Attribute.MODSEQ;
            case "BODYSTRUCTURE":
                return Attribute.BODYSTRUCTURE;
            case "RFC822":
                return Attribute.RFC822;
            case "RFC822.HEADER":
                return Attribute.RFC822_HEADER;
            case "RFC822.TEXT":
                return Attribute.RFC822_TEXT;
            case "BODY":
                return args.peek() == '[' ? section(false, args) : Attribute.BODY;
            case "BINARY", "BINARY.PEEK", "BINARY.SIZE":
                return binary(name, args);
            case "BODY.PEEK":
                if (args.peek() != '[') {
                    throw new DecodeException("BODY.PEEK needs a section");
                }
                return section(true, args);
            default:
                throw new DecodeException("Unknown FETCH item " + name);
        }
    }

    private static FetchItem.Binary binary(String name, ArgReader args) {
        args.expect('[');
        List<Integer> part = new ArrayList<>();
        if (args.peek() != ']') {
            for (String n : args.name().split("\\.", -1)) {
                part.add(partNumber(n));
                if (part.size() > MAX_PART_DEPTH) {
                    throw new DecodeException("Section nested too deeply");
                }
            }
        }
        args.expect(']');
        long start = -1;
        long length = 0;
        if (!name.equals("BINARY.SIZE") && args.tryConsume('<')) {
            start = args.number();
            args.expect('.');
            length = args.nzNumber();
            args.expect('>');
        }
        return new FetchItem.Binary(name.equals("BINARY.PEEK"), name.equals("BINARY.SIZE"), part, start, length);
    }

    private static BodySection section(boolean peek, ArgReader args) {
        args.expect('[');
        List<Integer> part = new ArrayList<>();
        String text = "";
        List<String> fields = new ArrayList<>();
        if (args.peek() != ']') {
            String spec = args.name();
            String[] pieces = spec.split("\\.", -1);
            int i = 0;
            while (i < pieces.length && !pieces[i].isEmpty() && Character.isDigit(pieces[i].charAt(0))) {
                part.add(partNumber(pieces[i]));
                i++;
            }
            if (part.size() > MAX_PART_DEPTH) {
                throw new DecodeException("Section nested too deeply");
            }
            text = String.join(".", List.of(pieces).subList(i, pieces.length));
            if (!SECTION_TEXTS.contains(text) || (text.equals("MIME") && part.isEmpty())) {
                throw new DecodeException("Invalid section " + spec);
            }
            if (text.startsWith("HEADER.FIELDS")) {
                args.sp();
                args.expect('(');
                do {
                    fields.add(args.astring());
                } while (args.tryConsume(' '));
                args.expect(')');
            }
        }
        args.expect(']');
        long start = -1;
        long length = 0;
        if (args.tryConsume('<')) {
            start = args.number();
            args.expect('.');
            length = args.nzNumber();
            args.expect('>');
        }
        return new BodySection(peek, part, text, fields, start, length);
    }

    private static int partNumber(String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new DecodeException("Invalid part number " + digits);
    }
}

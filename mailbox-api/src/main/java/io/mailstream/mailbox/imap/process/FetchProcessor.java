package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.encode.BodyStructureEncoder;
import io.mailstream.mailbox.imap.encode.ByteChunks;
import io.mailstream.mailbox.imap.encode.EnvelopeCache;
import io.mailstream.mailbox.imap.encode.EnvelopeEncoder;
import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.message.StructurePart;
import io.mailstream.mailbox.imap.message.SummaryPart;
import io.mailstream.mailbox.imap.request.FetchItem;
import io.mailstream.mailbox.imap.request.FetchItem.Attribute;
import io.mailstream.mailbox.imap.request.FetchItem.BodySection;
import io.mailstream.mailbox.imap.request.FetchRequest;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.Envelope;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FETCH and UID FETCH. Record data (flags, UID, date, size, envelope, and BODY/BODYSTRUCTURE from
 * the summary stored at delivery) comes from the message record; bodies are read from the blob
 * store only when an item needs them, or when the record has no summary that answers for it. Reading a body
 * without PEEK sets \Seen in a read-write mailbox and reports the new flags.
 */
public final class FetchProcessor extends ImapProcessor<FetchRequest> {

    /** Octets of responses gathered before they are written. */
    static final int FLUSH_AT = 64 * 1024;
    /** Envelopes fetched lately, by all sessions of the instance (a few hundred octets each). */
    private static final EnvelopeCache ENVELOPES = new EnvelopeCache(50_000);

    static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);

    public FetchProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(FetchRequest request, ImapContext ctx) {
        SelectedMailbox selected = ctx.selected();
        List<FetchItem> items = new ArrayList<>(request.items());
        if (request.uid() && !items.contains(Attribute.UID)) {
            items.add(0, Attribute.UID);
        }
        if (request.changedSince() >= 0 || items.contains(Attribute.MODSEQ)) {
            ctx.enable("CONDSTORE");
        }
        if (request.vanished() && !ctx.enabled("QRESYNC")) {
            return Completion.bad("VANISHED needs ENABLE QRESYNC");
        }
        if (ctx.enabled("CONDSTORE") && !items.contains(Attribute.MODSEQ)
                && (request.changedSince() >= 0 || items.contains(Attribute.FLAGS))) {
            items.add(Attribute.MODSEQ);
        }
        if (request.vanished()) {
            Qresync.reportVanished(ctx, selected, request.changedSince(), request.set());
        }
        boolean marksSeen = !selected.readOnly() && items.stream().anyMatch(FetchProcessor::marksSeen);
        // Responses go out in chunks, not one socket write per message (FETCH 1:* of a large mailbox).
        ByteChunks out = new ByteChunks(ctx::write, FLUSH_AT);
        try {
            fetch(request, ctx, items, marksSeen, out);
        } finally {
            out.flush(); // what was answered before a failure still goes out, ahead of the failure
        }
        return Completion.ok(request.command() + " completed");
    }

    private static void fetch(FetchRequest request, ImapContext ctx, List<FetchItem> items, boolean marksSeen,
            ByteChunks out) {
        SelectedMailbox selected = ctx.selected();
        for (int seq : selected.resolve(request.set(), request.uid())) {
            StoredMessage message = selected.get(seq);
            if (request.changedSince() >= 0 && message.modSeq() <= request.changedSince()) {
                continue;
            }
            List<FetchItem> these = items;
            if (marksSeen && !message.flags().contains(Flags.SEEN)) {
                Set<String> flags = new HashSet<>(message.flags());
                flags.add(Flags.SEEN);
                message = ctx.access().setFlags(message, flags);
                selected.replace(seq, message);
                if (!these.contains(Attribute.FLAGS)) {
                    these = new ArrayList<>(items);
                    these.add(Attribute.FLAGS);
                }
                if (ctx.enabled("CONDSTORE") && !these.contains(Attribute.MODSEQ)) {
                    these = new ArrayList<>(these);
                    these.add(Attribute.MODSEQ);
                }
            }
            out.add(response(seq, message, these, ctx));
        }
    }

    private static boolean marksSeen(FetchItem item) {
        return item == Attribute.RFC822 || item == Attribute.RFC822_TEXT
                || (item instanceof BodySection s && !s.peek())
                || (item instanceof FetchItem.Binary b && !b.peek() && !b.sizeOnly());
    }

    private static byte[] response(int seq, StoredMessage m, List<FetchItem> items, ImapContext ctx) {
        ResponseWriter w = new ResponseWriter().raw("* " + seq + " FETCH").open();
        Content content = new Content(m, ctx);
        for (FetchItem item : items) {
            if (item instanceof FetchItem.Binary b) {
                byte[] bytes = BodySectionReader.binary(content.mime(), b);
                if (b.sizeOnly()) {
                    w.raw("BINARY.SIZE[" + b.spec() + "]").number(bytes == null ? 0 : bytes.length);
                    continue;
                }
                w.raw("BINARY[" + b.spec() + "]" + (b.partialStart() >= 0 ? "<" + b.partialStart() + ">" : ""));
                if (bytes == null) {
                    w.nil();
                } else {
                    w.binaryLiteral(bytes);
                }
                continue;
            }
            if (item instanceof BodySection s) {
                w.raw("BODY[" + s.spec() + "]" + (s.partialStart() >= 0 ? "<" + s.partialStart() + ">" : ""));
                byte[] bytes = BodySectionReader.read(content.mime(), s);
                if (bytes == null) {
                    w.nil();
                } else {
                    w.literal(bytes);
                }
                continue;
            }
            Attribute a = (Attribute) item;
            w.raw(a.label);
            switch (a) {
                case FLAGS -> w.raw(ctx.selected().flags(m));
                case UID -> w.number(m.uid());
                case INTERNALDATE -> w.string(INTERNALDATE.format(m.internalDate().toInstant()));
                case RFC822_SIZE -> w.number(m.size());
                case ENVELOPE -> {
                    if (m.summary() != null) {
                        w.encoded(ENVELOPES.encoded(m.mailboxId(), m.uid(), m.summary().envelope()));
                    } else {
                        EnvelopeEncoder.write(w, content.envelope());
                    }
                }
                case BODY -> BodyStructureEncoder.write(w, content.structure(), false);
                case BODYSTRUCTURE -> BodyStructureEncoder.write(w, content.structure(), true);
                case RFC822 -> w.literal(content.raw());
                case RFC822_HEADER -> w.literal(content.mime().headerBytes());
                case RFC822_TEXT -> w.literal(content.mime().bodyBytes());
                case MODSEQ -> w.raw("(" + m.modSeq() + ")");
            }
        }
        return w.close().crlf().toBytes();
    }

    /** A message's bytes and structure, read and parsed at most once per response. */
    private static final class Content {
        private final StoredMessage message;
        private final ImapContext ctx;
        private byte[] raw;
        private MimeEntity mime;

        Content(StoredMessage message, ImapContext ctx) {
            this.message = message;
            this.ctx = ctx;
        }

        byte[] raw() {
            if (raw == null) {
                raw = ctx.access().content(message);
            }
            return raw;
        }

        /** The message's entities: located from the offsets the summary stores where it has them, else parsed. */
        MimeEntity mime() {
            if (mime == null) {
                mime = MimeEntity.of(raw(), SummaryPart.of(message.summary()));
            }
            return mime;
        }

        /** The stored summary's envelope, else the stored header's, so ENVELOPE needs no body read. */
        Envelope envelope() {
            if (message.summary() != null) {
                return message.summary().envelope();
            }
            return Envelope.of(message.header() != null ? HeaderSection.parse(message.header()) : mime().header());
        }

        /** The stored summary's MIME tree when it answers for the message, else a parse of the bytes. */
        StructurePart structure() {
            SummaryPart stored = SummaryPart.of(message.summary());
            return stored != null ? stored : mime();
        }
    }
}

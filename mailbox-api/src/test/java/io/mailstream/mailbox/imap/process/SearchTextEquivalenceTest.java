package io.mailstream.mailbox.imap.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.message.EncodedWords;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.store.BlobStore;
import io.mailstream.store.HeaderSection;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.store.summary.MessageSummary;
import io.mailstream.store.summary.SearchText;
import io.mailstream.testkit.EmbeddedMongo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SEARCH BODY and TEXT give the same answers from the search text stored at delivery as from the
 * message bytes (a record without it), for a corpus of varied and broken MIME and many strings;
 * a cut text falls back to the bytes where it does not match. Records go through the Mongo-wire
 * store, so what is compared is what a session reads.
 */
class SearchTextEquivalenceTest {

    private static final List<String> NEEDLES = List.of("", " ", "needle", "NEEDLE", "hello world", "plain text",
            "grüße", "GRÜSSE", "grüsse", "köln", "KÖLN", "café", "crème", "softbreak", "=3d", "= sign", "zürich",
            "&mdash;", "<b>", "quarterly", "привет", "ПРИВЕТ", "мир", "こんにちは", "ünïcode", "wide text",
            "“quotes”", "€uro", "naïve", "façade", "na\u00efve bytes", "xylophone", "andré", "über", "inner subject",
            "forwarded", "digest one", "not a message", "final-recipient", "5.1.1", "the original", "three",
            "bottom", "part needle", "two needle", "content-type", "Content-Transfer-Encoding", "boundary", "--b1",
            "multi-part message", "epilogue", "attachment", "report.pdf", "réport", "jvberi0", "needle in the pdf",
            "subject:", "return-path", "delivered-to", "alice@example.test", "=?utf-8?", "déjà vu", "tail part",
            "tail needle", "head needle", "οδος", "ΟΔΟΣ", "οδοσ", "σοφία", "ς", "\ufffd", "\r\n", "bm90",
            "not base64", "=zz", "ordinary line");

    private static MongoClient client;
    private static MessageStore messages;
    private static BlobStore blobs;
    private static CountingAccess access;
    private static final AtomicInteger UIDS = new AtomicInteger();

    /** Counts body reads, so a test can tell which way an answer came. */
    static final class CountingAccess extends MailboxAccess {
        final AtomicInteger reads = new AtomicInteger();

        CountingAccess(MailboxStore mailboxes, MessageStore messages, BlobStore blobs) {
            super(mailboxes, messages, blobs);
        }

        @Override
        public byte[] content(StoredMessage message) {
            reads.incrementAndGet();
            return super.content(message);
        }
    }

    @BeforeAll
    static void start() {
        client = MongoClients.create(EmbeddedMongo.start());
        MongoDatabase db = StoreDatabase.open(client, "searchtext" + System.nanoTime());
        messages = new MessageStore(db);
        blobs = new BlobStore(db);
        access = new CountingAccess(new MailboxStore(db), messages, blobs);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    /** Stores {@code stored} (trace fields in front) with {@code summary} as delivery does, and reads the record back. */
    private static StoredMessage store(byte[] stored, MessageSummary summary) {
        long uid = UIDS.incrementAndGet();
        String owner = "alice@example.test";
        messages.insert(new StoredMessage("e" + uid + "/" + owner, "equivalence", uid, uid, Set.of(), new Date(),
                stored.length, blobs.put(stored), "e" + uid, owner, HeaderSection.of(stored), summary));
        return messages.find("equivalence", uid).orElseThrow();
    }

    private static boolean search(StoredMessage m, String needle, boolean text) {
        return search(evaluator(m), needle, text);
    }

    /** One evaluator answers every key of a SEARCH for one message, reading its bytes at most once. */
    private static SearchEvaluator evaluator(StoredMessage m) {
        return new SearchEvaluator(access, m, 1, 1, m.uid(), Set.of(), uid -> null); // the record has its text
    }

    private static boolean search(SearchEvaluator evaluator, String needle, boolean text) {
        return evaluator.matches(new SearchKey.Text(needle, text));
    }

    @Test
    void storedTextAnswersAsTheBytesDo() {
        int compared = 0;
        int answeredFromText = 0;
        for (Map.Entry<String, byte[]> e : MimeCorpus.messages().entrySet()) {
            byte[] stored = MimeCorpus.stored(e.getValue());
            MessageSummary delivered = MessageSummarizer.summarize(e.getValue());
            StoredMessage withText = store(stored, delivered == null ? null
                    : delivered.storedAfter(MimeCorpus.TRACE.length));
            StoredMessage without = store(stored, null);
            boolean complete = withText.summary() != null && !withText.summary().text().truncated();
            answeredFromText += complete ? 1 : 0;
            SearchEvaluator fromText = evaluator(withText);
            SearchEvaluator fromBytes = evaluator(without);
            for (String needle : NEEDLES) {
                for (boolean text : new boolean[] {false, true}) {
                    String what = e.getKey() + (text ? " TEXT \"" : " BODY \"") + needle + "\"";
                    int before = access.reads.get();
                    boolean fromStored = search(fromText, needle, text);
                    if (complete) {
                        assertThat(access.reads.get()).as(what + ": no body read").isEqualTo(before);
                    }
                    assertThat(fromStored).as(what).isEqualTo(search(fromBytes, needle, text));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(MimeCorpus.messages().size() * NEEDLES.size() * 2);
        // all but the top-level header over 128 KB, the leading continuation line and the text over the bound
        assertThat(answeredFromText).isEqualTo(MimeCorpus.messages().size() - 3);
    }

    @Test
    void aCutTextMatchesFromItsPrefixAndReadsTheBytesOtherwise() {
        for (Map.Entry<String, byte[]> e : MimeCorpus.messages().entrySet()) {
            MessageSummary delivered = MessageSummarizer.summarize(e.getValue());
            if (delivered == null || e.getValue().length > 20_000) {
                continue; // the big ones are cut at delivery already
            }
            byte[] stored = MimeCorpus.stored(e.getValue());
            for (int bound : new int[] {0, 40}) {
                SearchText cut = SearchText.of(e.getValue(), bound);
                StoredMessage m = store(stored, new MessageSummary(delivered.envelope(), delivered.body(), cut)
                        .storedAfter(MimeCorpus.TRACE.length));
                SearchEvaluator fromCut = evaluator(m);
                SearchEvaluator fromBytes = evaluator(store(stored, null));
                for (String needle : NEEDLES) {
                    for (boolean text : new boolean[] {false, true}) {
                        assertThat(search(fromCut, needle, text)).as("%s cut at %d: %s %s", e.getKey(), bound,
                                text ? "TEXT" : "BODY", needle).isEqualTo(search(fromBytes, needle, text));
                    }
                }
            }
        }
        byte[] longOne = MimeCorpus.messages().get("text beyond the bound");
        StoredMessage m = store(MimeCorpus.stored(longOne), MessageSummarizer.summarize(longOne)
                .storedAfter(MimeCorpus.TRACE.length));
        assertThat(m.summary().text().truncated()).isTrue();
        int before = access.reads.get();
        assertThat(search(m, "HEAD needle", false)).isTrue();
        assertThat(access.reads.get()).as("a match in the kept prefix needs no body read").isEqualTo(before);
        assertThat(search(m, "tail needle", false)).isTrue();
        assertThat(search(m, "tail part", true)).isTrue();
        assertThat(search(m, "tail part", false)).isFalse();
        assertThat(access.reads.get()).as("the bytes read for each answer beyond the prefix").isEqualTo(before + 3);
    }

    /**
     * Where the bytes say the same thing raw and decoded (one 7- or 8-bit UTF-8 text part), the
     * answers are those IMAP gave before search text existed: a case-insensitive substring of the
     * message bytes as UTF-8 (BODY: after the header section; TEXT: the whole message, or the header
     * with encoded words decoded).
     */
    @Test
    void plainMessagesAnswerAsBeforeSearchText() {
        for (String name : List.of("plain ascii", "plain 8bit utf-8", "header only", "empty body", "no header")) {
            byte[] stored = MimeCorpus.stored(MimeCorpus.messages().get(name));
            StoredMessage m = store(stored, MessageSummarizer.summarize(MimeCorpus.messages().get(name))
                    .storedAfter(MimeCorpus.TRACE.length));
            for (String needle : NEEDLES) {
                if (needle.contains("\r\n")) {
                    continue; // the text of a part has no line breaks between parts, the bytes had
                }
                for (boolean text : new boolean[] {false, true}) {
                    assertThat(search(m, needle, text)).as("%s %s %s", name, text ? "TEXT" : "BODY", needle)
                            .isEqualTo(legacy(stored, needle, text));
                }
            }
        }
    }

    /** SEARCH BODY/TEXT as IMAP answered them before search text existed. */
    private static boolean legacy(byte[] bytes, String value, boolean includeHeader) {
        MimeEntity root = MimeEntity.parse(bytes);
        byte[] searched = includeHeader ? bytes : root.bodyBytes();
        String needle = value.toLowerCase(Locale.ROOT);
        if (includeHeader && EncodedWords.decode(new String(root.headerBytes(), StandardCharsets.UTF_8))
                .toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        return new String(searched, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains(needle);
    }

    /** Decoded text is found where the bytes hold it encoded; MIME's own lines are not text. */
    @Test
    void decodedTextIsFoundAndMimeScaffoldingIsNot() {
        Map<String, byte[]> corpus = MimeCorpus.messages();
        List<String[]> found = List.of(new String[] {"base64 utf-8", "the NEEDLE is here"},
                new String[] {"quoted-printable latin-1", "café crème, softbreak"},
                new String[] {"alternative qp + html", "see zürich"}, new String[] {"koi8-r", "привет, мир"},
                new String[] {"shift_jis", "世界"}, new String[] {"utf-16 base64", "ÜNÏCODE"},
                new String[] {"windows-1252", "“quotes” and €uro"},
                new String[] {"encapsulated message", "secret word xylophone"});
        for (String[] f : found) {
            byte[] raw = corpus.get(f[0]);
            StoredMessage m = store(MimeCorpus.stored(raw), MessageSummarizer.summarize(raw)
                    .storedAfter(MimeCorpus.TRACE.length));
            assertThat(search(m, f[1], false)).as(f[0] + " BODY " + f[1]).isTrue();
        }
        byte[] mixed = corpus.get("mixed with attachment");
        StoredMessage m = store(MimeCorpus.stored(mixed), MessageSummarizer.summarize(mixed)
                .storedAfter(MimeCorpus.TRACE.length));
        List<String> bodyMisses = new ArrayList<>();
        for (String needle : List.of("--b1", "Content-Type", "Content-Disposition", "JVBERi0", "needle in the pdf")) {
            if (search(m, needle, false)) {
                bodyMisses.add(needle);
            }
        }
        assertThat(bodyMisses).as("BODY finds none of the MIME scaffolding or binary content").isEmpty();
        assertThat(search(m, "report.pdf", true)).as("TEXT looks in the headers of parts").isTrue();
        assertThat(search(m, "réport", true)).isTrue();
        assertThat(search(m, "return-path", true)).isTrue();
        assertThat(search(m, "return-path", false)).isFalse();
    }
}

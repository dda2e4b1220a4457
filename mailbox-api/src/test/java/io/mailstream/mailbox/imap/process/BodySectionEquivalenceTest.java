package io.mailstream.mailbox.imap.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.message.SummaryPart;
import io.mailstream.mailbox.imap.request.FetchItem.BodySection;
import io.mailstream.mailbox.imap.request.FetchItem.Binary;
import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.store.summary.MessageSummary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * BODY[section] and BINARY[part] answered by slicing at the part offsets stored at delivery are
 * byte for byte what a parse of the stored bytes gives, for every section of every message of a
 * varied corpus (part paths that exist and that do not, partial ranges). The offsets refer to the
 * bytes as stored, trace fields included.
 */
class BodySectionEquivalenceTest {

    private static final List<String> TEXTS = List.of("", "MIME", "HEADER", "TEXT", "HEADER.FIELDS",
            "HEADER.FIELDS.NOT");
    private static final long[][] PARTIALS = {{-1, 0}, {0, 7}, {3, 100_000}, {200_000, 5}};

    /** Part paths up to four levels deep, numbers 1 to 3. */
    private static List<List<Integer>> paths() {
        List<List<Integer>> out = new ArrayList<>();
        out.add(List.of());
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).size() < 4) {
                for (int n = 1; n <= 3; n++) {
                    List<Integer> p = new ArrayList<>(out.get(i));
                    p.add(n);
                    out.add(List.copyOf(p));
                }
            }
        }
        return out;
    }

    /** The summary as a record stores it: moved past the trace fields, through its document. */
    private static MessageSummary stored(byte[] received) {
        MessageSummary s = MessageSummarizer.summarize(received);
        return s == null ? null : MessageSummary.fromDocument(s.storedAfter(MimeCorpus.TRACE.length).toDocument());
    }

    @Test
    void slicingAtTheStoredOffsetsAnswersAsTheParse() {
        List<String> located = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, byte[]> e : MimeCorpus.messages().entrySet()) {
            byte[] raw = MimeCorpus.stored(e.getValue());
            MimeEntity sliced = MimeEntity.locatedFrom(raw, SummaryPart.of(stored(e.getValue())));
            if (sliced == null) {
                continue;
            }
            located.add(e.getKey());
            MimeEntity parsed = MimeEntity.parse(raw);
            for (List<Integer> path : paths()) {
                for (String text : TEXTS) {
                    if (text.equals("MIME") && path.isEmpty()) {
                        continue;
                    }
                    for (long[] partial : PARTIALS) {
                        BodySection s = new BodySection(true, path, text, List.of("Subject", "content-TYPE"),
                                partial[0], partial[1]);
                        assertThat(BodySectionReader.read(sliced, s)).as(e.getKey() + " BODY[" + s.spec() + "]")
                                .isEqualTo(BodySectionReader.read(parsed, s));
                        compared++;
                    }
                }
                Binary b = new Binary(true, false, path, -1, 0);
                assertThat(binary(sliced, b)).as(e.getKey() + " BINARY[" + b.spec() + "]")
                        .isEqualTo(binary(parsed, b));
            }
            assertThat(sliced.headerBytes()).isEqualTo(parsed.headerBytes());
            assertThat(sliced.bodyBytes()).isEqualTo(parsed.bodyBytes());
        }
        System.out.printf("BODY[section] compared %d times over %d messages answered from offsets: %s%n", compared,
                located.size(), located);
        assertThat(located).contains("plain ascii", "alternative qp + html", "mixed with attachment",
                "encapsulated message", "digest", "delivery status", "bare line feeds", "unclosed multipart",
                "no header", "text beyond the bound");
        assertThat(located).doesNotContain("deeper than the bound", "many parts", "huge header",
                "leading continuation");
    }

    private static String binary(MimeEntity root, Binary b) {
        try {
            byte[] bytes = BodySectionReader.binary(root, b);
            return bytes == null ? "NIL" : Arrays.toString(bytes);
        } catch (ImapException e) {
            return e.getMessage();
        }
    }

    @Test
    void offsetsThatDoNotFitTheBytesAreNotUsed() {
        byte[] received = MimeCorpus.messages().get("mixed with attachment");
        MessageSummary summary = MessageSummarizer.summarize(received);
        byte[] raw = MimeCorpus.stored(received);
        assertThat(MimeEntity.locatedFrom(received, SummaryPart.of(summary))).isNotNull();
        assertThat(MimeEntity.locatedFrom(raw, SummaryPart.of(summary))).as("not moved past the trace").isNull();
        assertThat(MimeEntity.locatedFrom(raw, SummaryPart.of(summary.storedAfter(MimeCorpus.TRACE.length))))
                .isNotNull();
        org.bson.Document before = summary.storedAfter(MimeCorpus.TRACE.length).toDocument();
        before.get("body", org.bson.Document.class).remove("start"); // as a record from before offsets
        assertThat(MimeEntity.locatedFrom(raw, SummaryPart.of(MessageSummary.fromDocument(before)))).isNull();
        assertThat(MimeEntity.of(raw, SummaryPart.of(summary)).bodyBytes())
                .isEqualTo(MimeEntity.parse(raw).bodyBytes()); // falls back to the parse
    }
}

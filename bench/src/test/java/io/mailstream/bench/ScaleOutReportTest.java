package io.mailstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScaleOutReportTest {

    private final ScaleOutMail mail = new ScaleOutMail("r1", "scale.test", 5, 3, 200);

    @Test
    void recipientsAreDistinctAccountsRecomputableFromTheNumber() {
        for (int i = 0; i < 100; i++) {
            List<String> rcpts = mail.recipients(i);
            assertThat(rcpts).hasSizeBetween(1, 3).doesNotHaveDuplicates().allMatch(r -> r.matches("u00[1-5]@scale\\.test"));
            assertThat(mail.recipients(i)).isEqualTo(rcpts);
        }
        assertThat(mail.message(7)).contains("\r\nMessage-ID: <scale.r1.7@scale.test>\r\n").doesNotContain("\n.");
    }

    @Test
    void findsTheRunsMessageIdInAnEnvelopeAndNoOtherRuns() {
        String envelope = "* 3 FETCH (ENVELOPE (NIL \"scale-out message 12\" ((NIL NIL \"sender\" \"remote.test\")) "
                + "NIL NIL NIL NIL NIL NIL \"<scale.r1.12@scale.test>\"))";
        assertThat(mail.numberIn(envelope)).isEqualTo(12);
        assertThat(mail.numberIn(envelope.replace("r1", "r2"))).isEqualTo(-1);
    }

    @Test
    void tellsMissingCopiesAndUnexplainedDuplicatesFromRetryDuplicates() {
        boolean[] accepted = {true, true, true, false};
        boolean[] brokeOff = {false, true, false, false};
        RetryingSender.Outcome sent = new RetryingSender.Outcome(accepted, brokeOff, 3, 1, 0, 1, 0, 1, 1_000_000_000L);
        Map<String, Map<Integer, Integer>> census = new HashMap<>();
        mail.recipients(0).forEach(r -> census.computeIfAbsent(r, k -> new HashMap<>()).put(0, 2)); // unexplained
        mail.recipients(1).forEach(r -> census.computeIfAbsent(r, k -> new HashMap<>()).put(1, 2)); // retry copy
        String first = mail.recipients(2).get(0);
        census.computeIfAbsent(first, k -> new HashMap<>()).put(2, 1); // the others are missing
        mail.recipients(3).forEach(r -> census.computeIfAbsent(r, k -> new HashMap<>()).put(3, 1)); // never 250

        ScaleOutReport report = ScaleOutReport.of(4, sent, mail, census);

        assertThat(report.unexplainedDuplicates()).isEqualTo(mail.recipients(0).size());
        assertThat(report.explainedDuplicates()).isEqualTo(mail.recipients(1).size());
        assertThat(report.missingCopies()).isEqualTo(mail.recipients(2).size() - 1);
        assertThat(report.copiesOfUnacceptedMessages()).isEqualTo(mail.recipients(3).size());
        assertThat(report.messagesComplete()).isEqualTo(mail.recipients(2).size() == 1 ? 3 : 2);
        assertThat(report.passed()).isFalse();
        assertThat(report.format(sent, 10, 1.0, 0.5)).contains("scale-out result: FAIL").contains("duplicate: message 0");
    }
}

package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void multiLineRepliesRepeatCodeAndStatusOnEveryLine() {
        assertThat(new SmtpReply(250, "2.0.0", List.of("one", "two", "three")).toWire())
                .isEqualTo("250-2.0.0 one\r\n250-2.0.0 two\r\n250 2.0.0 three\r\n");
        assertThat(new SmtpReply(220, null, "host ESMTP").toWire()).isEqualTo("220 host ESMTP\r\n");
    }

    @Test
    void statusClassMustAgreeWithTheCode() {
        assertThatThrownBy(() -> new SmtpReply(550, "4.1.1", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpReply(999, null, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 2034: every 2xx/4xx/5xx reply other than the greeting and EHLO/HELO replies has a status. */
    @Test
    void everyCatalogueReplyOtherThan3xxHasAnEnhancedStatus() throws Exception {
        for (Field f : SmtpReplies.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == SmtpReply.class) {
                SmtpReply r = (SmtpReply) f.get(null);
                assertThat(r.enhancedStatus() != null || r.code() / 100 == 3).as(f.getName()).isTrue();
            }
        }
        assertThat(SmtpReplies.timeout("h").enhancedStatus()).isEqualTo("4.4.2");
        assertThat(SmtpReplies.tooManyErrors("h").enhancedStatus()).isEqualTo("4.7.0");
    }

    @Test
    void queueIdsAreTimeOrderedAndDistinct() {
        assertThat(QueueIds.of(1_000, 0)).isLessThan(QueueIds.of(1_001, -1));
        assertThat(QueueIds.next()).hasSize(18).matches("[0-9A-Z]+").isNotEqualTo(QueueIds.next());
    }
}

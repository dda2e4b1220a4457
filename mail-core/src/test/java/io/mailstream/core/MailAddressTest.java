package io.mailstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailAddressTest {

    @Test
    void domainIsCaseFoldedAndLocalPartKeptForDelivery() {
        MailAddress a = MailAddress.parse("Alice.Smith@Example.TEST");
        assertThat(a.domain()).isEqualTo("example.test");
        assertThat(a.localPart()).isEqualTo("Alice.Smith");
        assertThat(a.key()).isEqualTo("alice.smith@example.test");
    }

    @Test
    void idnDomainBecomesALabel() {
        assertThat(MailAddress.parse("bob@bücher.example").domain()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void quotedLocalPartIsAccepted() {
        assertThat(MailAddress.parse("\"john doe\"@example.test").localPart()).isEqualTo("\"john doe\"");
    }

    @Test
    void postmasterIsRecognisedInAnyCase() {
        assertThat(MailAddress.parse("PostMaster@example.test").isPostmaster()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@example.test", "alice@", "alice", "a..b@example.test", ".a@example.test",
            "a b@example.test", "alice@[127.0.0.1]", "alice@exa mple.test", "alice@-bad.test", "alice@example..test",
            "alice@example.test.", "\"unterminated@example.test"})
    void rejectsMalformed(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOverlongLocalPart() {
        assertThatThrownBy(() -> MailAddress.parse("a".repeat(65) + "@example.test"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

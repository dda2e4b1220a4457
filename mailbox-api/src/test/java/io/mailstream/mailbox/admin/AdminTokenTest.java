package io.mailstream.mailbox.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.admin.AdminToken.Verdict;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AdminTokenTest {

    @Test
    void withoutAConfiguredTokenNothingIsAccepted() {
        for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            AdminToken token = new AdminToken(none);
            assertThat(token.configured()).isFalse();
            assertThat(token.check("Bearer ")).isEqualTo(Verdict.NOT_CONFIGURED);
            assertThat(token.check(null)).isEqualTo(Verdict.NOT_CONFIGURED);
        }
    }

    @Test
    void onlyTheExactBearerTokenIsAccepted() {
        AdminToken token = new AdminToken(Optional.of("s3cret-token-of-some-length"));
        assertThat(token.check("Bearer s3cret-token-of-some-length")).isEqualTo(Verdict.ACCEPTED);
        assertThat(token.check("BEARER s3cret-token-of-some-length")).isEqualTo(Verdict.ACCEPTED);
        assertThat(token.check("Bearer s3cret-token-of-some-lengt")).isEqualTo(Verdict.REJECTED);
        assertThat(token.check("Bearer s3cret-token-of-some-length2")).isEqualTo(Verdict.REJECTED);
        assertThat(token.check("s3cret-token-of-some-length")).isEqualTo(Verdict.REJECTED);
        assertThat(token.check("Bearer")).isEqualTo(Verdict.REJECTED);
        assertThat(token.check("Bearer ")).isEqualTo(Verdict.REJECTED);
        assertThat(token.check(null)).isEqualTo(Verdict.REJECTED);
    }
}

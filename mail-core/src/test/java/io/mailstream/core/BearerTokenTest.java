package io.mailstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void acceptsOnlyTheConfiguredBearerToken() {
        BearerToken token = new BearerToken(Optional.of("s3cret-token-value"));
        assertThat(token.check("Bearer s3cret-token-value")).isEqualTo(BearerToken.Verdict.ACCEPTED);
        assertThat(token.check("bearer s3cret-token-value ")).isEqualTo(BearerToken.Verdict.ACCEPTED);
        assertThat(token.check("Bearer s3cret-token-valuX")).isEqualTo(BearerToken.Verdict.REJECTED);
        assertThat(token.check("Basic czNjcmV0")).isEqualTo(BearerToken.Verdict.REJECTED);
        assertThat(token.check(null)).isEqualTo(BearerToken.Verdict.REJECTED);
    }

    @Test
    void blankOrMissingTokenRefusesEverything() {
        assertThat(new BearerToken(Optional.empty()).check("Bearer x")).isEqualTo(BearerToken.Verdict.NOT_CONFIGURED);
        assertThat(new BearerToken(Optional.of("  ")).configured()).isFalse();
    }
}

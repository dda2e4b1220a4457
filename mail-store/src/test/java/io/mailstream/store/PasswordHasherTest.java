package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String hash = PasswordHasher.hash("correct horse");

        assertThat(hash).matches("\\$2b\\$\\d\\d\\$[./A-Za-z0-9]{53}");
        assertThat(PasswordHasher.verify("correct horse", hash)).isTrue();
        assertThat(PasswordHasher.verify("correct horsE", hash)).isFalse();
        assertThat(PasswordHasher.verify("", hash)).isFalse();
        assertThat(PasswordHasher.hash("correct horse")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void hashesWrittenBeforeStillVerify() {
        // Written by at.favre.lib's bcrypt, which Mailstream used until November 2026.
        String favre = "$2a$10$bVxyShn2rq0W8APjyK8nEeUMVTUijrtcUnF3GZzK6Ohx/JXvtTfju";
        assertThat(PasswordHasher.verify("correct horse", favre)).isTrue();
        assertThat(PasswordHasher.verify("correct horse!", favre)).isFalse();
        String favreUtf8 = "$2a$04$SJY1ZeDA7sxCySVZegtqSOS4QXyoLRsXpPMOXbUVRiB6uATdCGwn.";
        assertThat(PasswordHasher.verify("pässwörd", favreUtf8)).isTrue();
        assertThat(PasswordHasher.verify("passwort", favreUtf8)).isFalse();
    }

    @Test
    void dovecotBlfCryptHashesVerify() {
        // `doveadm pw -s BLF-CRYPT -r 4 -p pässwörd`, without the {BLF-CRYPT} prefix.
        String dovecot = "$2y$04$B/WJ92dheAV5vvn69yXFOOU2o2Iph8svP5xyzHMWU/PRyLFB9LVf2";
        assertThat(PasswordHasher.verify("pässwörd", dovecot)).isTrue();
        assertThat(PasswordHasher.verify("passwörd", dovecot)).isFalse();
    }

    @Test
    void aStoredValueThatIsNotBcryptVerifiesNothing() {
        String good = "$2a$10$bVxyShn2rq0W8APjyK8nEeUMVTUijrtcUnF3GZzK6Ohx/JXvtTfju";
        for (String bad : new String[] {null, "", "x", "$2b$10$", good.substring(0, 58),
                good.replace("$2a$", "$2z$"), good.replace("$10$", "$99$"), good.replace("$10$", "$1x$"),
                "{BLF-CRYPT}$2y$04$B/WJ92dheAV5vvn69yXFOOU2o2Iph8svP5xyzHMWU/PRyLFB9LVf2",
                good.substring(0, 59) + "é", "correct horse"}) {
            assertThat(PasswordHasher.verify("correct horse", bad)).as("%s", bad).isFalse();
        }
    }

    @Test
    void passwordsOverSeventyTwoBytesAreRefusedNotTruncated() {
        String seventyTwo = "a".repeat(72);
        String hash = PasswordHasher.hash(seventyTwo);
        assertThat(PasswordHasher.verify(seventyTwo, hash)).isTrue();
        // bcrypt would read only the first 72 bytes, so this would match if it got that far.
        assertThat(PasswordHasher.verify(seventyTwo + "b", hash)).isFalse();
        assertThatThrownBy(() -> PasswordHasher.hash(seventyTwo + "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHasher.hash("ä".repeat(37))).as("74 bytes in UTF-8")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHasher.hash("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownAccountCostsAVerificationAndFails() {
        long started = System.nanoTime();
        assertThat(PasswordHasher.verifyNobody("correct horse")).isFalse();
        assertThat(PasswordHasher.verifyNobody(null)).isFalse();
        // Two cost-10 verifications take tens of milliseconds each; a shortcut would take microseconds.
        assertThat(System.nanoTime() - started).isGreaterThan(5_000_000L);
    }
}

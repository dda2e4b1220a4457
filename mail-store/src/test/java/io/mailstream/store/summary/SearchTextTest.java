package io.mailstream.store.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The text SEARCH BODY/TEXT look in: decoded, in order, bounded, and the same whole or cut. */
class SearchTextTest {

    private static SearchText of(String raw) {
        return SearchText.of(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void transferEncodingsAndCharsetsAreUndone() {
        String utf8Base64 = Base64.getMimeEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        String koi8 = new String("Привет".getBytes(Charset.forName("KOI8-R")), StandardCharsets.ISO_8859_1);
        SearchText t = of("Subject: top\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\npreamble\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + utf8Base64 + "\r\n"
                + "--b\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                + "\r\n<p>caf=E9 cr=\r\n=E8me</p>\r\n"
                + "--b\r\nContent-Type: text/plain; charset=\"koi8-r\"\r\n\r\n" + koi8 + "\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("not text".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
                + "--b--\r\nepilogue\r\n");
        assertThat(t.body()).containsExactly("Grüße aus Köln", "<p>café crème</p>", "Привет");
        assertThat(t.headers()).hasSize(4).allSatisfy(h -> assertThat(h).startsWith("Content-Type: "));
        assertThat(t.truncated()).isFalse();
        assertThat(String.join("", t.body())).doesNotContain("preamble", "epilogue", "not text");
    }

    @Test
    void headersOfPartsAndEncapsulatedMessagesHaveEncodedWordsDecoded() {
        SearchText t = of("Subject: outer\r\nContent-Type: message/rfc822\r\n\r\n"
                + "Subject: =?utf-8?q?inner_Gr=C3=BC=C3=9Fe?=\r\nFrom: a@b.example\r\n\r\ninner body\r\n");
        assertThat(t.headers()).containsExactly("Subject: inner Grüße\r\nFrom: a@b.example\r\n");
        assertThat(t.body()).containsExactly("inner body\r\n");
        assertThat(String.join("", t.headers())).doesNotContain("outer"); // the record keeps that one
    }

    @Test
    void undeclaredOrUnknownCharsetsReadAsUtf8() {
        byte[] raw = ("Content-Type: text/plain; charset=x-unknown\r\n\r\nnaïve\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SearchText.of(raw).body()).containsExactly("naïve\r\n");
        byte[] bare = "Subject: s\r\n\r\nnaïve".getBytes(StandardCharsets.UTF_8);
        assertThat(SearchText.of(bare).body()).containsExactly("naïve");
    }

    @Test
    void aCutTextIsAPrefixOfTheWholeAndSaysSo() {
        String body = ("line of text ü€𝄞 ".repeat(100) + "\r\n").repeat(50);
        byte[] raw = ("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        SearchText whole = SearchText.of(raw);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.body()).containsExactly(body);
        for (int bound : new int[] {0, 1, 13, 14, 15, 16, 17, 18, 19, 20, 1000, 99_999}) {
            SearchText cut = SearchText.of(raw, bound);
            assertThat(cut.truncated()).as("bound %d", bound).isTrue();
            String kept = String.join("", cut.body());
            assertThat(body).startsWith(kept);
            assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(bound)
                    .isGreaterThan(bound - 4);
        }
    }

    @Test
    void hostileMimeGetsThePlainReadingFast() {
        StringBuilder deep = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 1; i <= 5000; i++) {
            deep.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i)
                    .append("\r\n\r\n");
        }
        deep.append("--b5000\r\n\r\nneedle at the bottom\r\n");
        long t0 = System.nanoTime();
        SearchText t = of(deep.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(t.headers()).isEmpty();
        assertThat(t.body()).singleElement().asString().startsWith("--b0\r\n").contains("needle at the bottom");

        String manyParts = "Content-Type: multipart/mixed; boundary=p\r\n\r\n" + "--p\r\n\r\nx\r\n".repeat(1500)
                + "--p--\r\n";
        assertThat(of(manyParts).body()).singleElement().asString().startsWith("--p\r\n");
    }
}

package io.mailstream.mailbox.imap.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Messages of many shapes, as received (before delivery's trace fields): well-formed MIME in
 * several encodings and charsets, encoded words, nesting, and broken or hostile MIME.
 */
final class MimeCorpus {

    /** Fields delivery puts in front of the received bytes. */
    static final byte[] TRACE = "Return-Path: <sender@a.example>\r\nDelivered-To: alice@example.test\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private MimeCorpus() {
    }

    static byte[] stored(byte[] received) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(TRACE);
        out.writeBytes(received);
        return out.toByteArray();
    }

    /** The messages, by name: well-formed ones first, then the broken and hostile ones. */
    static Map<String, byte[]> messages() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("plain ascii", utf8("From: ann@a.example\r\nSubject: Hello there\r\n\r\nHello World, plain text.\r\n"));
        m.put("plain 8bit utf-8", utf8("Subject: Grüße\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln, ΟΔΟΣ and σοφία.\r\n"));
        m.put("base64 utf-8", utf8("Subject: b64\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64("Grüße: the needle is here. Café!", "UTF-8")));
        m.put("quoted-printable latin-1", latin1("Subject: qp\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 cr=E8me, soft=\r\nbreak and =3D sign\r\n"));
        m.put("alternative qp + html", utf8("""
                From: "Ann" <ann@a.example>\r
                Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= =?utf-8?b?IGF1cyBLw7Zsbg==?=\r
                MIME-Version: 1.0\r
                Content-Type: multipart/alternative; boundary="alt"\r
                \r
                This is a multi-part message in MIME format.\r
                --alt\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                The quarterly figures are attached =E2=80=94 see Z=C3=BCrich.\r
                --alt\r
                Content-Type: text/html; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                <p>The <b>quarterly</b> figures are attached &mdash; Z=C3=BCrich.</p>\r
                --alt--\r
                epilogue text\r
                """));
        m.put("mixed with attachment", utf8("""
                Subject: report\r
                Content-Type: multipart/mixed; boundary=b1\r
                \r
                --b1\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                See the attachment.\r
                --b1\r
                Content-Type: application/pdf; name="=?utf-8?q?r=C3=A9port.pdf?="\r
                Content-Disposition: attachment; filename="report.pdf"\r
                Content-Transfer-Encoding: base64\r
                \r
                JVBERi0xLjQKbmVlZGxlIGluIHRoZSBwZGYK\r
                --b1--\r
                """));
        m.put("koi8-r", bytes(ascii("Subject: =?koi8-r?b?" + Base64.getEncoder().encodeToString(
                "Привет".getBytes(Charset.forName("KOI8-R"))) + "?=\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n"),
                "Привет, мир! ПРИВЕТ\r\n".getBytes(Charset.forName("KOI8-R"))));
        m.put("shift_jis", bytes(ascii("Subject: sjis\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n"),
                "こんにちは世界\r\n".getBytes(Charset.forName("Shift_JIS"))));
        m.put("utf-16 base64", utf8("Subject: u16\r\nContent-Type: text/plain; charset=utf-16\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64("wide text Ünïcode", "UTF-16")));
        m.put("windows-1252", bytes(ascii("Subject: cp1252\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n"),
                "smart “quotes” and €uro\r\n".getBytes(Charset.forName("windows-1252"))));
        m.put("unknown charset, undeclared 8bit", utf8("Subject: x\r\nContent-Type: text/plain; charset=x-nonsense\r\n"
                + "\r\nnaïve façade\r\n"));
        m.put("latin-1 bytes without charset", latin1("Subject: raw\r\n\r\nna\u00efve bytes, not utf-8\r\n"));
        m.put("encapsulated message", utf8("""
                Subject: Fwd: inner\r
                Content-Type: multipart/mixed; boundary=B\r
                \r
                --B\r
                Content-Type: text/plain\r
                \r
                Forwarded below.\r
                --B\r
                Content-Type: message/rfc822\r
                \r
                From: =?iso-8859-1?q?Andr=E9?= <andre@x.example>\r
                Subject: =?utf-8?b?w5xiZXI=?= inner subject\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: base64\r
                \r
                """ + b64("Inner body with the secret word xylophone.", "UTF-8") + "--B--\r\n"));
        m.put("digest", utf8("Subject: digest\r\nContent-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\n"
                + "Subject: digest one\r\n\r\nfirst digest body\r\n--d\r\nContent-Type: text/plain\r\n\r\n"
                + "not a message\r\n--d--\r\n"));
        m.put("delivery status", utf8("""
                Subject: Undelivered Mail\r
                Content-Type: multipart/report; report-type=delivery-status; boundary=r\r
                \r
                --r\r
                Content-Type: text/plain\r
                \r
                Your message could not be delivered.\r
                --r\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.example\r
                \r
                Final-Recipient: rfc822; nobody@example.test\r
                Action: failed\r
                Status: 5.1.1\r
                --r\r
                Content-Type: text/rfc822-headers\r
                \r
                Subject: the original\r
                --r--\r
                """));
        m.put("bare line feeds", utf8("From: lf@x.test\nSubject: lf\nContent-Type: multipart/mixed; boundary=b\n\n"
                + "--b\nContent-Type: text/plain\n\none\ntwo needle\n--b\n\nthree\n--b--\n"));
        m.put("header only", utf8("Subject: only a header\r\n"));
        m.put("empty body", utf8("Subject: empty\r\n\r\n"));
        m.put("no header", utf8("\r\nbody without header needle\r\n"));
        m.put("unclosed multipart", utf8("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "never closed needle\r\n".repeat(5)));
        m.put("bad content type", utf8("Content-Type: text\r\nContent-Transfer-Encoding: \r\n\r\nx needle"));
        m.put("non-field lines", utf8("From x@y Mon Jan 1\r\nSubject: after\r\nBad Name: v\r\n\r\nb needle\r\n"));
        m.put("bad base64 and qp", utf8("Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n!!!bm90IGJhc2U2NA==???\r\n--q\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ broken =E9=\r\n--q--\r\n"));
        m.put("bad encoded words", utf8("Subject: =?nonsense?q?abc?= =?utf-8?q?=ZZ?= =?utf-8?x?y?=\r\n"
                + "Content-Type: multipart/mixed; boundary=e\r\n\r\n--e\r\n"
                + "Content-Description: =?utf-8?q?d=C3=A9j=C3=A0?= vu\r\n\r\nbody\r\n--e--\r\n"));
        StringBuilder deep = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 1; i <= 30; i++) {
            deep.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i)
                    .append("\r\n\r\n");
        }
        m.put("deeper than the bound", utf8(deep.append("--b30\r\n\r\nbottom needle\r\n").toString()));
        m.put("many parts", utf8("Content-Type: multipart/mixed; boundary=p\r\n\r\n"
                + "--p\r\n\r\npart needle\r\n".repeat(1200) + "--p--\r\n"));
        m.put("boundary prefix", utf8("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n"
                + "--bx\r\n\r\ntwo needle\r\n--b--\r\n"));
        m.put("no parts", utf8("Content-Type: multipart/mixed; boundary=b\r\n\r\nno delimiter at all, needle\r\n"));
        m.put("two content types", utf8("Content-Type: text/plain\r\nContent-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n--b\r\n\r\nx needle\r\n--b--\r\n"));
        m.put("leading continuation", utf8(" folded: first\r\nSubject: s\r\n\r\nneedle\r\n"));
        byte[] garbage = new byte[3000];
        new Random(42).nextBytes(garbage);
        m.put("random bytes", bytes(ascii("Subject: garbage\r\n\r\n"), garbage));
        m.put("huge header", utf8("Subject: big\r\nX-Long: " + "h".repeat(140_000) + "\r\n\r\nneedle\r\n"));
        String longText = ("Ordinary line of text with ΟΔΟΣ words. ".repeat(40) + "\r\n").repeat(200);
        m.put("text beyond the bound", utf8("Subject: long\r\nContent-Type: multipart/mixed; boundary=L\r\n\r\n"
                + "--L\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhead needle\r\n" + longText + "\r\n--L\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Description: =?utf-8?q?tail_part?=\r\n\r\n"
                + "tail needle at the very end\r\n--L--\r\n"));
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(byte[] head, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static String b64(String text, String charset) {
        return Base64.getMimeEncoder().encodeToString(text.getBytes(Charset.forName(charset))) + "\r\n";
    }
}

package io.mailstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Builds RFC 5322 test messages of a given size: headers, then 76-character text lines. */
final class Messages {

    private static final String LINE =
            "The quick brown fox jumps over the lazy dog while the mail keeps flowing 0123\r\n";

    private Messages() {
    }

    /** A message of about {@code size} bytes (never less than its headers), CRLF-terminated. */
    static byte[] build(String from, String to, String subject, int size) {
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
        StringBuilder sb = new StringBuilder(size + 512);
        sb.append("From: Bench <").append(from).append(">\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Date: ").append(date).append("\r\n")
                .append("Message-ID: <").append(System.nanoTime()).append('.')
                .append(Thread.currentThread().getId()).append("@bench.localhost>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n");
        while (sb.length() + LINE.length() <= size) {
            sb.append(LINE);
        }
        int left = size - sb.length();
        if (left > 2) {
            sb.append(LINE, 0, left - 2).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

package io.mailstream.relay.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The service extensions a server announced in its EHLO reply (none after HELO). */
public record Extensions(Map<String, String> keywords) {

    public static final Extensions NONE = new Extensions(Map.of());

    public static Extensions parse(SmtpReply ehlo) {
        Map<String, String> keywords = new TreeMap<>();
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            String[] parts = line.trim().split("\\s+", 2);
            if (!parts[0].isEmpty()) {
                keywords.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            }
        }
        return new Extensions(Map.copyOf(keywords));
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    /** The SIZE limit in bytes; 0 when none was announced or it is unlimited or unreadable. */
    public long sizeLimit() {
        try {
            return Long.parseLong(keywords.getOrDefault("SIZE", "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

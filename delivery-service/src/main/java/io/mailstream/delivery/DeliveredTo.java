package io.mailstream.delivery;

import io.mailstream.store.HeaderSection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code Delivered-To:} header field as a loop guard [Postfix local/virtual "mail forwarding
 * loop"]: every copy delivery-service stores or forwards carries {@code Delivered-To:} with the
 * address it was delivered for, and a message that arrives for an address it already names has
 * gone round (e.g. an alias forwarding to a remote address that forwards back) and bounces with
 * 5.4.6 instead of circling until a hop limit.
 */
final class DeliveredTo {

    private static final String FIELD = "delivered-to:";

    private DeliveredTo() {
    }

    /** {@code Delivered-To: <address>} in front of {@code raw}. */
    static byte[] prepend(String address, byte[] raw) {
        byte[] field = ("Delivered-To: " + address.replaceAll("[\\x00-\\x1f\\x7f]", "") + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.length + raw.length);
        out.writeBytes(field);
        out.writeBytes(raw);
        return out.toByteArray();
    }

    /** True when the header section of {@code raw} has a Delivered-To field naming {@code address} (any case). */
    static boolean names(byte[] raw, String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        for (String line : HeaderSection.of(raw).split("\r?\n")) {
            if (line.regionMatches(true, 0, FIELD, 0, FIELD.length())
                    && line.substring(FIELD.length()).strip().toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}

package io.mailstream.relay.smtp;

import java.util.List;
import java.util.Map;

/**
 * Who a message goes from and to, with what the sender asked of the transport: SMTPUTF8
 * (RFC 6531) and the DSN parameters (RFC 3461) to pass on to servers that offer DSN.
 *
 * @param ret   RET ({@code FULL} / {@code HDRS}) or null
 * @param envid ENVID, xtext as received, or null
 * @param dsn   NOTIFY / ORCPT per recipient that had them
 */
public record OutboundEnvelope(String sender, List<String> recipients, boolean smtpUtf8, String ret, String envid,
        Map<String, RecipientDsn> dsn) {

    /** NOTIFY (null if absent) and ORCPT (as received, null if absent) of one recipient. */
    public record RecipientDsn(String notifyOn, String orcpt) {
    }

    public OutboundEnvelope {
        recipients = List.copyOf(recipients);
        dsn = Map.copyOf(dsn);
    }

    public static OutboundEnvelope of(String sender, List<String> recipients) {
        return new OutboundEnvelope(sender, recipients, false, null, null, Map.of());
    }
}

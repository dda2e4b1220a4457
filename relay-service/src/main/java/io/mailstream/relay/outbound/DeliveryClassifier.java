package io.mailstream.relay.outbound;

import io.mailstream.relay.smtp.SmtpReply;

/**
 * THE rule from a reply to a recipient's fate [Stalwart Status::from_smtp_error, Postfix smtp_rcpt]:
 * 2xx delivered; 5xx bounced; 4xx, and anything that is not a valid final reply (1xx, 3xx where a
 * final reply was due, codes outside 200-599), deferred. The reply code decides, not the enhanced
 * status: when they disagree, the status is given the class of the code (as Postfix does). One
 * exception from RFC 5321 §4.5.3.1.10: 552 with 5.5.3 ("too many recipients") is deferred,
 * because the same recipient will be taken in another transaction. Failures that are not SMTP
 * replies (DNS, connections, loops) reach here as synthetic replies, so there is no second rule.
 */
public final class DeliveryClassifier {

    private DeliveryClassifier() {
    }

    public static Outcome outcome(SmtpReply reply) {
        int code = reply.code();
        if (code == 552 && "5.5.3".equals(reply.enhancedStatus())) {
            return Outcome.DEFERRED;
        }
        return switch (reply.category()) {
            case 2 -> Outcome.DELIVERED;
            case 5 -> Outcome.BOUNCED;
            default -> Outcome.DEFERRED;
        };
    }

    /** The RFC 3463 status to report, in the class of the outcome: {@code 5.1.1}, {@code 4.0.0}, ... */
    public static String status(SmtpReply reply) {
        Outcome outcome = outcome(reply);
        char cls = switch (outcome) {
            case DELIVERED -> '2';
            case DEFERRED -> '4';
            case BOUNCED -> '5';
        };
        String enhanced = reply.enhancedStatus();
        if (enhanced == null) {
            return reply.category() == 4 || reply.category() == 5 || outcome == Outcome.DELIVERED ? cls + ".0.0"
                    : cls + ".5.0";
        }
        return cls + enhanced.substring(1);
    }
}

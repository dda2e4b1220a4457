package io.mailstream.smtp;

/**
 * What a policy hook decided, and the reply that says so.
 *
 * @param reason short tag for the rejection metric ({@code unknown_user}, {@code relay_denied}, ...)
 */
public record PolicyResult(Verdict verdict, SmtpReply reply, String reason) {

    public enum Verdict {
        /** Go ahead. */
        ACCEPT,
        /** Refuse for good (5xx). */
        DENY,
        /** Refuse for now, the client should retry later (4xx). */
        DENY_SOFT
    }

    public static PolicyResult accept(SmtpReply reply) {
        return new PolicyResult(Verdict.ACCEPT, reply, null);
    }

    public static PolicyResult deny(SmtpReply reply, String reason) {
        return new PolicyResult(Verdict.DENY, reply, reason);
    }

    public static PolicyResult denySoft(SmtpReply reply, String reason) {
        return new PolicyResult(Verdict.DENY_SOFT, reply, reason);
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPT;
    }
}

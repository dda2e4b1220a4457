package io.mailstream.smtp;

/** A command cannot go on; the reply says why. Thrown by parsers and policy, turned into the answer. */
public class SmtpRejection extends RuntimeException {

    private final transient SmtpReply reply;

    public SmtpRejection(SmtpReply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    public SmtpReply reply() {
        return reply;
    }
}

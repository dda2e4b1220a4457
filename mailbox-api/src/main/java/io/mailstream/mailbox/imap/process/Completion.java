package io.mailstream.mailbox.imap.process;

import java.util.function.Function;

/**
 * How a command ends: the tagged status response, or a request for one more line from the client
 * (a SASL continuation) after which {@link #next} decides.
 *
 * @param code     a response code without brackets ({@code READ-WRITE}, {@code UIDNEXT 5}), or null
 * @param prompt   for a continuation: the text after {@code "+ "}
 * @param next     for a continuation: what to do with the client's line
 */
public record Completion(Status status, String code, String text, String prompt, Function<String, Completion> next) {

    public enum Status { OK, NO, BAD }

    public static Completion ok(String text) {
        return new Completion(Status.OK, null, text, null, null);
    }

    public static Completion ok(String code, String text) {
        return new Completion(Status.OK, code, text, null, null);
    }

    public static Completion no(String code, String text) {
        return new Completion(Status.NO, code, text, null, null);
    }

    public static Completion bad(String text) {
        return new Completion(Status.BAD, null, text, null, null);
    }

    public static Completion continueWith(String prompt, Function<String, Completion> next) {
        return new Completion(null, null, null, prompt, next);
    }

    public boolean isContinuation() {
        return next != null;
    }

    /** The tagged line without CRLF. */
    public String render(String tag) {
        return tag + " " + status + (code == null ? "" : " [" + code + "]") + " " + text;
    }
}

package io.mailstream.mailbox.imap.process;

/** Ends a command with NO or BAD; thrown by processors and helpers below them. */
public class ImapException extends RuntimeException {

    private final transient Completion completion;

    private ImapException(Completion completion) {
        super(completion.text());
        this.completion = completion;
    }

    public static ImapException no(String code, String text) {
        return new ImapException(Completion.no(code, text));
    }

    public static ImapException bad(String text) {
        return new ImapException(Completion.bad(text));
    }

    public Completion completion() {
        return completion;
    }
}

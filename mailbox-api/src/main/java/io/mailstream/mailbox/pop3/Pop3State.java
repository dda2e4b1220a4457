package io.mailstream.mailbox.pop3;

/** RFC 1939 §3 session states. */
public enum Pop3State {
    /** Before a successful login. */
    AUTHORIZATION,
    /** Logged in, maildrop snapshot open. */
    TRANSACTION,
    /** After QUIT in TRANSACTION: deletions are being applied, the session is ending. */
    UPDATE
}

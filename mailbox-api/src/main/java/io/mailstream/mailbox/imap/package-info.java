/**
 * IMAP4rev1 (RFC 3501) access to the mailboxes in the store.
 *
 * <h2>SUMMARY</h2>
 * {@link io.mailstream.mailbox.imap.ImapServer} starts a {@code mail-net} TCP listener whose
 * connections are served by {@link io.mailstream.mailbox.imap.ImapSession}. A command passes
 * through layers: {@code decode} (a parser per command, from the assembled command bytes with
 * literals in place) → {@code request} (immutable records) → {@code process} (one processor per
 * command; the base class checks the connection state and maps exceptions to NO/BAD) →
 * {@code encode} (strings, literals, ENVELOPE, BODYSTRUCTURE). {@code message} parses headers,
 * addresses and the MIME tree without third-party code.
 *
 * <h2>COMMANDS</h2>
 * CAPABILITY, NOOP, LOGOUT, LOGIN, AUTHENTICATE PLAIN (SASL-IR), LIST, SELECT, EXAMINE, STATUS,
 * FETCH / UID FETCH (all RFC 3501 items, BODY[section]&lt;partial&gt;), STORE / UID STORE,
 * SEARCH / UID SEARCH (RFC 3501 keys), CHECK, EXPUNGE, CLOSE, UNSELECT. LITERAL+ is accepted.
 *
 * <h2>CONFIGURATION</h2>
 * {@code mailstream.imap.host} (0.0.0.0), {@code .port} (2143; 0 = any), {@code .max-connections}
 * (1000), {@code .idle-timeout} (30M), {@code .worker-threads} (32), {@code .max-line-length}
 * (8192), {@code .max-literal-size} (65536; 8192 before login), {@code .max-bad-commands} (50),
 * {@code .max-failed-logins} (3).
 *
 * <h2>DIAGNOSTICS</h2>
 * Metrics {@code mailstream_imap_sessions_total}, {@code mailstream_imap_logins_total{result}},
 * {@code mailstream_imap_commands_total{command,result}}; readiness check {@code imap-listener}.
 * A store failure answers {@code NO [UNAVAILABLE]}; an unexpected error {@code NO [SERVERBUG]}
 * (logged with the session id in the MDC).
 *
 * <h2>LIMITATIONS</h2>
 * No TLS yet: LOGIN and AUTHENTICATE PLAIN travel in clear text (STARTTLS, port 993 and
 * LOGINDISABLED come with issue 6). {@code \Recent} is not tracked (RECENT is always 0; NEW and
 * RECENT match nothing). Mailbox changes by other sessions are found by reading the mailbox's
 * counters after each command, not pushed (IDLE is issue 6). A message whose UID is below one
 * already announced (a delivery that landed out of order) appears at the next SELECT.
 */
package io.mailstream.mailbox.imap;

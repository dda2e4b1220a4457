package io.mailstream.relay.smtp;

/**
 * STARTTLS use towards one destination [Postfix smtp_tls_security_level].
 * {@link #MAY}: opportunistic, use it when offered, without checking the certificate (an MTA
 * cannot know which certificate a random MX should have), and deliver in plaintext when the
 * handshake fails. {@link #ENCRYPT}: TLS is required; a server that does not offer it or whose
 * handshake fails is not used (the mail defers). Certificates are not verified at either level.
 */
public enum TlsPolicy { MAY, ENCRYPT }

package io.mailstream.relay.outbound;

/** What became of one recipient after an attempt. */
public enum Outcome { DELIVERED, DEFERRED, BOUNCED }

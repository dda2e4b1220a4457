package io.mailstream.smtp;

/**
 * What lasts for the whole connection: who the client is and what it said in EHLO/HELO. (TLS and
 * the authenticated user will live here too: they survive RSET but not STARTTLS.)
 */
public final class ConnectionState {

    private final String sessionId;
    private final String clientAddress;
    private final int localPort;
    private String heloName;
    private boolean esmtp;

    public ConnectionState(String sessionId, String clientAddress, int localPort) {
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.localPort = localPort;
    }

    public String sessionId() {
        return sessionId;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public int localPort() {
        return localPort;
    }

    /** The name from EHLO/HELO, or null before the client introduced itself. */
    public String heloName() {
        return heloName;
    }

    public boolean greeted() {
        return heloName != null;
    }

    /** True after EHLO, false after HELO: decides ESMTP parameters and the Received "with" clause. */
    public boolean esmtp() {
        return esmtp;
    }

    void greet(String name, boolean extended) {
        this.heloName = name;
        this.esmtp = extended;
    }
}

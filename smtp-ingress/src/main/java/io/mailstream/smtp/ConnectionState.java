package io.mailstream.smtp;

/**
 * What lasts for the whole connection: who the client is, what it said in EHLO/HELO and as whom
 * it authenticated. All of it survives RSET; none of it survives STARTTLS ({@link #resetForTls}),
 * because nothing said in plain text may carry over into the protected session (RFC 3207 §4.2).
 */
public final class ConnectionState {

    private final String sessionId;
    private final String clientAddress;
    private final int localPort;
    private final ListenerPolicy listener;
    private String heloName;
    private boolean esmtp;
    private boolean secure;
    private String authUser;

    public ConnectionState(String sessionId, String clientAddress, int localPort) {
        this(sessionId, clientAddress, localPort, ListenerPolicy.MX);
    }

    public ConnectionState(String sessionId, String clientAddress, int localPort, ListenerPolicy listener) {
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.localPort = localPort;
        this.listener = listener;
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

    public ListenerPolicy listener() {
        return listener;
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

    /** TLS protects the connection (implicit TLS or after STARTTLS). */
    public boolean secure() {
        return secure;
    }

    /** The account key the client authenticated as, or null. */
    public String authUser() {
        return authUser;
    }

    public boolean authenticated() {
        return authUser != null;
    }

    /** 127.0.0.0/8 or ::1. */
    public boolean loopback() {
        return clientAddress.startsWith("127.") || clientAddress.equals("::1")
                || clientAddress.equals("0:0:0:0:0:0:0:1");
    }

    void greet(String name, boolean extended) {
        this.heloName = name;
        this.esmtp = extended;
    }

    void secured() {
        this.secure = true;
    }

    void authenticate(String account) {
        this.authUser = account;
    }

    /** STARTTLS succeeded: forget the plain-text EHLO and any authentication (the client must EHLO again). */
    void resetForTls() {
        heloName = null;
        esmtp = false;
        authUser = null;
        secure = true;
    }
}

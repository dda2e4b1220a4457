package io.mailstream.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The server under test: one host, its SMTP, IMAP and POP3 ports, a label for the report. */
record Target(String label, String host, int smtpPort, int imapPort, int pop3Port) {

    static Target from(Args args) throws UnknownHostException {
        String host = args.get("host", "127.0.0.1");
        // Load goes to this machine unless the operator says otherwise, explicitly.
        if (!InetAddress.getByName(host).isLoopbackAddress() && !args.getBool("allow-remote", false)) {
            throw new IllegalArgumentException("host " + host + " is not a loopback address; pass --allow-remote true to load it");
        }
        return new Target(args.get("label", host), host, args.getInt("smtp-port", 2525),
                args.getInt("imap-port", 2143), args.getInt("pop3-port", 2110));
    }
}

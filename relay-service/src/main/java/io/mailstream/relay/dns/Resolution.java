package io.mailstream.relay.dns;

import java.util.List;

/** What resolving a destination domain gave: hosts to try in order, or a reason to defer or bounce. */
public sealed interface Resolution {

    /** Hosts in the order to try them: by preference, random among equal preferences. */
    record Hosts(List<MxHost> hosts) implements Resolution {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * Resolution failed. {@code permanent} failures bounce (NXDOMAIN, null MX, no host at all),
     * the others defer (SERVFAIL, timeouts).
     *
     * @param status RFC 3463 enhanced status code, e.g. {@code 5.1.10}
     */
    record Failed(boolean permanent, String status, String detail) implements Resolution {
    }
}

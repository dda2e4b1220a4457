package io.mailstream.relay.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Finds the hosts that accept mail for a domain [Postfix smtp_connect / dns_lookup]:
 * MX records by preference, random order among equal preferences; the domain's own A/AAAA
 * records when it has no MX (RFC 5321 §5.1); a null MX (RFC 7505) bounces with 5.1.10; a domain
 * that does not exist bounces; SERVFAIL and timeouts defer. CNAMEs are followed by the lookup
 * session, and answers are cached for their TTL (negative answers for the SOA minimum).
 */
public final class MxResolver {

    /** One lookup outcome: the records, or that the name / the record set does not exist. */
    private record Answer(List<Record> records, boolean noDomain) {
    }

    /** SERVFAIL, a timeout or a network error: try again later. */
    private static final class TemporaryFailure extends Exception {
        TemporaryFailure(String message) {
            super(message);
        }
    }

    /** Told the result of every DNS lookup: {@code answer}, {@code nxdomain}, {@code nodata}, {@code failure}. */
    @FunctionalInterface
    public interface LookupListener {
        void looked(int type, String result);
    }

    private final LookupSession session;
    private final Duration timeout;
    private final Random random;
    private LookupListener listener = (type, result) -> {
    };

    /**
     * @param servers DNS servers to ask (host:port); empty for the system's resolvers
     * @param timeout how long one lookup may take, retries included
     */
    public MxResolver(List<InetSocketAddress> servers, Duration timeout, Random random) {
        this.timeout = timeout;
        this.random = random;
        this.session = LookupSession.builder().resolver(resolver(servers, timeout)).cache(new Cache(DClass.IN))
                .clearSearchPath().build();
    }

    private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout) {
        Resolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (InetSocketAddress server : servers) {
                each.add(new SimpleResolver(server));
            }
            resolver = new ExtendedResolver(each);
        }
        // Each server is asked with a share of the budget so that all of them get a turn.
        resolver.setTimeout(timeout.dividedBy(Math.max(1, servers.size()) * 2L));
        return resolver;
    }

    /** For metrics; set once at start. */
    public void listener(LookupListener l) {
        this.listener = l;
    }

    public Resolution resolve(String domain) {
        Name name;
        try {
            name = Name.fromString(domain, Name.root);
        } catch (TextParseException e) {
            return new Resolution.Failed(true, "5.1.2", "bad destination domain " + domain);
        }
        try {
            Answer mx = lookup(name, Type.MX);
            if (mx.noDomain()) {
                return new Resolution.Failed(true, "5.1.2", "domain " + domain + " does not exist (NXDOMAIN)");
            }
            if (mx.records().isEmpty()) {
                return implicitMx(name, domain);
            }
            List<MXRecord> records = mx.records().stream().filter(MXRecord.class::isInstance)
                    .map(MXRecord.class::cast).toList();
            if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
                return new Resolution.Failed(true, "5.1.10", "domain " + domain + " accepts no mail (null MX)");
            }
            return explicitMx(records, domain);
        } catch (TemporaryFailure e) {
            return new Resolution.Failed(false, "4.4.3", "DNS lookup for " + domain + " failed: " + e.getMessage());
        }
    }

    /** The addresses of one host (a smarthost): no MX lookup, as Postfix's {@code [host]}. */
    public Resolution resolveHost(String host, int port) {
        if (host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
            try {
                // an address literal: getByName parses it without any lookup
                return new Resolution.Hosts(List.of(new MxHost(host, 0, List.of(InetAddress.getByName(host)), true,
                        port)));
            } catch (java.net.UnknownHostException e) {
                return new Resolution.Failed(false, "4.4.4", "bad relay host address " + host);
            }
        }
        try {
            List<InetAddress> addresses = addresses(Name.fromString(host, Name.root));
            return addresses.isEmpty() ? new Resolution.Failed(false, "4.4.4", "relay host " + host + " has no address")
                    : new Resolution.Hosts(List.of(new MxHost(host, 0, addresses, true, port)));
        } catch (TextParseException e) {
            return new Resolution.Failed(false, "4.4.4", "bad relay host name " + host);
        } catch (TemporaryFailure e) {
            return new Resolution.Failed(false, "4.4.3", "DNS lookup for relay host " + host + " failed: "
                    + e.getMessage());
        }
    }

    private Resolution implicitMx(Name name, String domain) throws TemporaryFailure {
        List<InetAddress> addresses = addresses(name);
        if (addresses.isEmpty()) {
            return new Resolution.Failed(true, "5.1.2", "domain " + domain + " has no MX and no A/AAAA record");
        }
        return new Resolution.Hosts(List.of(new MxHost(domain, 0, addresses, true)));
    }

    private Resolution explicitMx(List<MXRecord> records, String domain) throws TemporaryFailure {
        Map<Integer, List<MXRecord>> byPreference = new LinkedHashMap<>();
        records.stream().filter(r -> !r.getTarget().equals(Name.root))
                .sorted(Comparator.comparingInt(MXRecord::getPriority))
                .forEach(r -> byPreference.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r));
        List<MxHost> hosts = new ArrayList<>();
        String temporary = null;
        for (List<MXRecord> group : byPreference.values()) {
            Collections.shuffle(group, random);
            for (MXRecord r : group) {
                try {
                    List<InetAddress> addresses = addresses(r.getTarget());
                    if (!addresses.isEmpty()) {
                        hosts.add(new MxHost(hostName(r.getTarget()), r.getPriority(), addresses, false));
                    }
                } catch (TemporaryFailure e) {
                    temporary = e.getMessage();
                }
            }
        }
        if (!hosts.isEmpty()) {
            return new Resolution.Hosts(hosts);
        }
        if (temporary != null) {
            return new Resolution.Failed(false, "4.4.3", "no MX host of " + domain + " resolved: " + temporary);
        }
        return new Resolution.Failed(true, "5.4.4", "no MX host of " + domain + " has an address");
    }

    /** A then AAAA addresses of a host; empty when it has none or does not exist. */
    private List<InetAddress> addresses(Name host) throws TemporaryFailure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : lookup(host, Type.A).records()) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress());
            }
        }
        for (Record r : lookup(host, Type.AAAA).records()) {
            if (r instanceof AAAARecord a) {
                out.add(a.getAddress());
            }
        }
        return out;
    }

    private Answer lookup(Name name, int type) throws TemporaryFailure {
        try {
            List<Record> records = session.lookupAsync(name, type).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).getRecords();
            listener.looked(type, "answer");
            return new Answer(records, false);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NoSuchDomainException) {
                listener.looked(type, "nxdomain");
                return new Answer(List.of(), true);
            }
            if (cause instanceof NoSuchRRSetException) {
                listener.looked(type, "nodata");
                return new Answer(List.of(), false);
            }
            listener.looked(type, "failure");
            throw new TemporaryFailure(Type.string(type) + " " + name + ": " + describe(cause));
        } catch (TimeoutException e) {
            listener.looked(type, "failure");
            throw new TemporaryFailure(Type.string(type) + " " + name + ": timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryFailure("interrupted");
        }
    }

    private static String describe(Throwable t) {
        String simple = t.getClass().getSimpleName();
        return t.getMessage() == null ? simple : simple + " " + t.getMessage();
    }

    private static String hostName(Name name) {
        String s = name.toString(true);
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}

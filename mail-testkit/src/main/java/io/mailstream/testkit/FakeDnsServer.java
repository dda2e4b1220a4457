package io.mailstream.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on loopback UDP for tests. Names are added with their
 * records; unknown names answer NXDOMAIN, known names without the asked type answer NODATA (with
 * an SOA so that the negative answer is cacheable for 1 s). Names can be made to SERVFAIL or to
 * never answer (a timeout), one by one or all unknown ones. Every question is recorded, so tests
 * can see what was cached.
 */
public final class FakeDnsServer implements AutoCloseable {

    private static final Name ZONE = name("test.");
    private final DatagramSocket socket;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private volatile boolean silentUnlessKnown;
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public FakeDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public FakeDnsServer mx(String domain, int preference, String target, long ttl) {
        return add(new MXRecord(name(domain), DClass.IN, ttl, preference, name(target)));
    }

    public FakeDnsServer a(String host, String ip, long ttl) {
        try {
            return add(new ARecord(name(host), DClass.IN, ttl, InetAddress.getByName(ip)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public FakeDnsServer aaaa(String host, String ip, long ttl) {
        try {
            return add(new AAAARecord(name(host), DClass.IN, ttl, InetAddress.getByName(ip)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public FakeDnsServer cname(String alias, String target, long ttl) {
        return add(new CNAMERecord(name(alias), DClass.IN, ttl, name(target)));
    }

    /** The name exists but has no records of any asked type. */
    public FakeDnsServer exists(String host) {
        records.computeIfAbsent(name(host), n -> new CopyOnWriteArrayList<>());
        return this;
    }

    public FakeDnsServer servfail(String host) {
        servfail.add(name(host));
        return this;
    }

    public FakeDnsServer silent(String host) {
        silent.add(name(host));
        return this;
    }

    /**
     * Names without any records get no answer at all (a timeout, as from an unreachable
     * authority) instead of NXDOMAIN: mail to every domain a test did not set up is deferred.
     */
    public FakeDnsServer silentUnlessKnown() {
        silentUnlessKnown = true;
        return this;
    }

    public FakeDnsServer add(Record r) {
        records.computeIfAbsent(r.getName(), n -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    /** Questions asked so far, as {@code "MX example.test."}. */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] reply = answer(query);
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(Message query) {
        Record question = query.getQuestion();
        Name qname = question.getName();
        int qtype = question.getType();
        questions.add(Type.string(qtype) + " " + qname);
        if (silent.contains(qname) || silentUnlessKnown && !records.containsKey(qname)) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(question, Section.QUESTION);
        if (servfail.contains(qname)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response.toWire();
        }
        List<Record> answers = new ArrayList<>();
        Name current = qname;
        for (int hops = 0; hops < 8; hops++) {
            List<Record> here = records.get(current);
            if (here == null) {
                break;
            }
            Record cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname != null && qtype != Type.CNAME) {
                answers.add(cname);
                current = ((CNAMERecord) cname).getTarget();
                continue;
            }
            here.stream().filter(r -> r.getType() == qtype).forEach(answers::add);
            break;
        }
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (answers.isEmpty() || answers.stream().noneMatch(r -> r.getType() == qtype)) {
            if (!records.containsKey(current)) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(new SOARecord(ZONE, DClass.IN, 1, name("ns.test."), name("hostmaster.test."),
                    1, 3600, 600, 86400, 1), Section.AUTHORITY);
        }
        return response.toWire();
    }

    @Override
    public void close() {
        socket.close();
    }
}

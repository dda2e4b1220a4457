package io.mailstream.mongowire;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;

import io.netty.channel.Channel;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs mongo-java-server's operations one at a time. Its backends do not make
 * {@code findAndModify} atomic under concurrent connections (two {@code $inc}s can return the
 * same value), while Mailstream's UID and MODSEQ counters rely on exactly that guarantee of real
 * MongoDB. One lock restores single-document atomicity (and more) for the embedded store.
 * Replies are deep-copied under the lock too: the backends answer with live references to stored
 * documents (both the memory backend and H2, whose page cache returns the same instance on every
 * read; an update changes that instance in place), which the wire encoder would otherwise read
 * after the next update, and which a caller could change. This is the one copy a read makes:
 * {@link IndexedBackends}' collections leave it to this class rather than copy as well.
 *
 * <p>With a sync hook, a write is answered only after a sync that began once it was applied has
 * finished. The syncs run outside the lock and are shared by the writes waiting at the same time
 * ({@link GroupSync}), so other operations go on while the disk works.
 */
public final class SerializedBackend implements MongoBackend {

    /** Commands that change data: they are answered once a sync has made them durable. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
            "createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection");

    private final MongoBackend delegate;
    private final GroupSync sync;
    private final Object lock = new Object();

    public SerializedBackend(MongoBackend delegate) {
        this.delegate = delegate;
        this.sync = null;
    }

    /**
     * @param sync makes every write applied before it began durable (e.g. commit and fsync the
     *             store), so that an acknowledged write survives a crash; runs outside the lock
     */
    public SerializedBackend(MongoBackend delegate, Runnable sync) {
        this.delegate = delegate;
        this.sync = new GroupSync(sync);
    }

    /** The write's ticket to wait for before answering, 0 for a read or without a sync hook. */
    private long ticket(String command) {
        return sync != null && command != null && WRITES.contains(command.toLowerCase(Locale.ROOT))
                ? sync.applied() : 0;
    }

    private Document durable(long ticket, Document reply) {
        if (ticket > 0) {
            sync.await(ticket);
        }
        return reply;
    }

    private static Document copy(Document reply) {
        return reply == null ? null : reply.cloneDeeply();
    }

    @Override
    public void handleClose(Channel channel) {
        synchronized (lock) {
            delegate.handleClose(channel);
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply;
        long ticket;
        synchronized (lock) {
            reply = copy(delegate.handleCommand(channel, database, command, query));
            ticket = ticket(command);
        }
        return durable(ticket, reply);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        synchronized (lock) {
            return delegate.handleQuery(query);
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document body = message.getDocument();
        String command = body == null || body.isEmpty() ? null : body.keySet().iterator().next();
        Document reply;
        long ticket;
        synchronized (lock) {
            reply = copy(delegate.handleMessage(message));
            ticket = ticket(command);
        }
        return durable(ticket, reply);
    }

    @Override
    public void dropDatabase(String database) {
        synchronized (lock) {
            delegate.dropDatabase(database);
        }
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return delegate.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return delegate.getServerStatus();
    }

    @Override
    public void close() {
        synchronized (lock) {
            delegate.close();
        }
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        synchronized (lock) {
            delegate.closeCursors(cursorIds);
        }
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public void enableOplog() {
        delegate.enableOplog();
    }

    @Override
    public void disableOplog() {
        delegate.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        synchronized (lock) {
            return delegate.resolveDatabase(database);
        }
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        delegate.version(version);
        return this;
    }
}

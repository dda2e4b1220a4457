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
 */
public final class SerializedBackend implements MongoBackend {

    /** Commands that change data: after them the {@code afterWrite} hook runs, still under the lock. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
            "createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection");

    private final MongoBackend delegate;
    private final Runnable afterWrite;
    private final Object lock = new Object();

    public SerializedBackend(MongoBackend delegate) {
        this(delegate, () -> { });
    }

    /**
     * @param afterWrite runs after every data-changing command and before its reply is sent, e.g.
     *                   to commit and fsync the store so that an acknowledged write survives a crash
     */
    public SerializedBackend(MongoBackend delegate, Runnable afterWrite) {
        this.delegate = delegate;
        this.afterWrite = afterWrite;
    }

    private Document written(String command, Document reply) {
        if (command != null && WRITES.contains(command.toLowerCase(Locale.ROOT))) {
            afterWrite.run();
        }
        return copy(reply);
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
        synchronized (lock) {
            return written(command, delegate.handleCommand(channel, database, command, query));
        }
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        synchronized (lock) {
            return delegate.handleQuery(query);
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        synchronized (lock) {
            Document body = message.getDocument();
            String command = body == null || body.isEmpty() ? null : body.keySet().iterator().next();
            return written(command, delegate.handleMessage(message));
        }
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

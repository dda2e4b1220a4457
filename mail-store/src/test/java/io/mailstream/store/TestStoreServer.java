package io.mailstream.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;

import io.mailstream.mongowire.IndexedBackends;
import io.mailstream.mongowire.SerializedBackend;

/** The Mongo-wire store (in memory, indexed, serialised as the local stack runs it) on a loopback port, with a client. */
final class TestStoreServer implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    private TestStoreServer() {
        server = new MongoServer(new SerializedBackend(IndexedBackends.memory()));
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
    }

    static TestStoreServer start() {
        return new TestStoreServer();
    }

    /** A database of its own, named {@code prefix} plus a unique suffix. */
    MongoDatabase freshDatabase(String prefix) {
        return StoreDatabase.open(client, prefix + System.nanoTime());
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}

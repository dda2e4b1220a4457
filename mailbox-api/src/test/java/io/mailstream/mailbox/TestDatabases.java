package io.mailstream.mailbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

/**
 * A database of its own for each test, on the embedded Mongo-wire store: one server and one
 * client for the whole test JVM (both end with it).
 */
public final class TestDatabases {

    private static MongoClient client;

    private TestDatabases() {
    }

    /** A new, empty database named {@code prefix} plus a unique suffix. */
    public static synchronized MongoDatabase fresh(String prefix) {
        if (client == null) {
            client = MongoClients.create(EmbeddedMongo.start());
        }
        return StoreDatabase.open(client, prefix + System.nanoTime());
    }
}

package io.mailstream.testkit;

import de.bwaldvogel.mongo.MongoServer;

import io.mailstream.mongowire.IndexedBackends;
import io.mailstream.mongowire.SerializedBackend;

import java.net.InetSocketAddress;

/** The Mongo-wire store (mongo-java-server, in memory) on a loopback port, one per JVM. */
public final class EmbeddedMongo {

    private static MongoServer server;
    private static String connectionString;

    private EmbeddedMongo() {
    }

    public static synchronized String start() {
        if (server == null) {
            server = new MongoServer(new SerializedBackend(IndexedBackends.memory()));
            server.bind("127.0.0.1", 0);
            InetSocketAddress addr = server.getLocalAddress();
            connectionString = "mongodb://127.0.0.1:" + addr.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedMongo::stop));
        }
        return connectionString;
    }

    public static synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}

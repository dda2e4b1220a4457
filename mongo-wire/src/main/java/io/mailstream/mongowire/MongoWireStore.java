package io.mailstream.mongowire;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.h2.mvstore.MVStore;

/**
 * The local stack's MongoDB: mongo-java-server speaking the MongoDB wire protocol, persisting to
 * an H2 MVStore file. Usage: {@code MongoWireStore <host> <port> <file>}. Production runs real
 * MongoDB; this exists so that the whole stack runs on a machine with only Java.
 */
public final class MongoWireStore {

    private MongoWireStore() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MongoWireStore <host> <port> <file>");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        // -Dmailstream.store.cache-mb: H2's page cache. Pages outside it are read from the file and
        // deserialised on every access, so it should hold the working set (default 64 MB; H2's own is 16).
        int cacheMb = Integer.getInteger("mailstream.store.cache-mb", 64);
        H2Backend backend = IndexedBackends.h2(new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb).open());
        // -Dmailstream.store.sync=true: a write is acknowledged once a commit and fsync of the file
        // that began after it has finished, as MongoDB with journaling (j:true) does, and as there the
        // writes waiting together share one (group commit). Off by default: H2 commits about once a second.
        boolean sync = Boolean.getBoolean("mailstream.store.sync");
        MongoServer server = new MongoServer(sync ? new SerializedBackend(backend, () -> {
            backend.commit();
            backend.getMvStore().sync();
        }) : new SerializedBackend(backend));
        // Netty's default is two event loops per core. A write waiting for its sync holds up its
        // event loop, so with sync on more of them let more writes wait for, and share, one sync.
        server.bind(new InetSocketAddress(host, port), 1, sync ? 32 : 0);
        InetSocketAddress bound = server.getLocalAddress();
        System.out.println("mongo-wire store listening on " + bound + ", data in " + file
                + (sync ? ", every write synced to disk before it is acknowledged" : ""));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // shutdownNow closes the backend, which commits and closes the MVStore file.
            server.shutdownNow();
            done.countDown();
        }));
        done.await();
    }
}

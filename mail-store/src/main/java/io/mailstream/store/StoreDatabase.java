package io.mailstream.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the Mailstream database for the repositories. Writes wait for the majority of the
 * replica set and its journal: a repository call that returns has made its write durable, which
 * is what lets smtp-ingress answer 250 and delivery-service commit its offset.
 */
@Singleton
public class StoreDatabase {

    @Produces
    @Singleton
    MongoDatabase database(MongoClient client,
            @ConfigProperty(name = "mailstream.mongodb.database", defaultValue = "mailstream") String name) {
        return open(client, name);
    }

    /** The same database outside CDI (tests, tools). */
    public static MongoDatabase open(MongoClient client, String name) {
        return client.getDatabase(name).withWriteConcern(WriteConcern.MAJORITY);
    }
}

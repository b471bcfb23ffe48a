package org.newsroom.platform.testing;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A MongoDB wire-protocol server on a random port for the services' tests, one per test JVM.
 * Like the local stack, it enforces unique indexes but offers no multi-document transactions.
 */
public final class InMemoryMongo {

    private static final MongoServer SERVER = start();

    private InMemoryMongo() {
    }

    public static String uri(String database) {
        InetSocketAddress address = SERVER.getLocalAddress();
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    /** Points Spring's MongoDB client at this server. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.mongodb.uri", () -> uri(database));
    }

    private static MongoServer start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "in-memory-mongo-shutdown"));
        return server;
    }
}

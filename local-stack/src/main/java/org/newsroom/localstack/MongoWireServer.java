package org.newsroom.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) persisting to an H2 MVStore file, because a real mongod
 * cannot be installed on the machines this stack targets. Services reach it with the ordinary MongoDB driver.
 * It enforces unique indexes, but has no multi-document transactions and does not expire TTL indexes.
 */
final class MongoWireServer implements AutoCloseable {

    private final H2Backend backend;
    private final MongoServer server;

    private MongoWireServer(H2Backend backend, MongoServer server) {
        this.backend = backend;
        this.server = server;
    }

    static MongoWireServer start(StackSettings settings) throws IOException {
        Path dir = settings.dataDir().resolve("mongo");
        Files.createDirectories(dir);
        H2Backend backend = new SerializedKeyH2Backend(dir.resolve("mongo.mv").toString());
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(StackSettings.HOST, settings.mongoPort());
        } catch (RuntimeException e) {
            backend.close();
            throw new IllegalStateException("Cannot listen on " + StackSettings.HOST + ":" + settings.mongoPort()
                    + " (is a MongoDB already running? set MONGO_PORT to use another port)", e);
        }
        return new MongoWireServer(backend, server);
    }

    @Override
    public void close() {
        server.shutdownNow();
        // Commit and close the MVStore so what was written survives the next start.
        backend.commit();
        backend.close();
    }
}

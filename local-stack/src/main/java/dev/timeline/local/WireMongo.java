package dev.timeline.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-wire server (mongo-java-server) with its H2 file backend, so that a restart keeps the timeline. It
 * speaks the wire protocol to the real MongoDB driver; production runs real MongoDB (see the README for what was
 * verified where).
 */
final class WireMongo implements AutoCloseable {
    private final MongoServer server;
    private final int port;

    WireMongo(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        this.port = port;
        this.server = new MongoServer(
                new H2Backend(dataDir.resolve("mongo.mv").toAbsolutePath().toString()));
    }

    WireMongo start() {
        server.bind("127.0.0.1", port);
        return this;
    }

    String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}

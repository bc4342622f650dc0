package dev.timeline.ingest;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;

/**
 * An in-process MongoDB-wire server (mongo-java-server, memory backend) that can be stopped and started again on the
 * same port with its data intact, like a database restart: clients see refused connections in between.
 */
final class MongoWireServer {
    private final MongoBackend data = new MemoryBackend();
    private final MongoBackend keepDataOnClose = (MongoBackend) Proxy.newProxyInstance(
            MongoBackend.class.getClassLoader(), new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    return null;
                }
                try {
                    return method.invoke(data, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private MongoServer server;
    private int port;

    MongoWireServer start() {
        server = new MongoServer(keepDataOnClose);
        if (port == 0) {
            port = ((InetSocketAddress) server.bind()).getPort();
        } else {
            server.bind("127.0.0.1", port);
        }
        return this;
    }

    void stop() {
        server.shutdownNow();
    }

    String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database
                + "?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=5000";
    }
}

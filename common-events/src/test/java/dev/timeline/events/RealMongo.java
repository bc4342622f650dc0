package dev.timeline.events;

import org.testcontainers.mongodb.MongoDBContainer;

/**
 * One real MongoDB (the image docker-compose.yml pins) for the real-MongoDB variants of the modules' tests, started
 * when the first of them asks for it: only where Docker runs, since the variants are disabled elsewhere.
 */
public final class RealMongo {
    private static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0.4");

    private RealMongo() {}

    /** The connection string of database {@code timeline}, starting the container first if need be. */
    public static synchronized String uri() {
        if (!MONGO.isRunning()) {
            MONGO.start();
        }
        return MONGO.getReplicaSetUrl("timeline");
    }
}

package dev.timeline.api;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.ingest.correlate.Folds;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * For tests that need a given set of entries rather than the ingest path: documents exactly as the ingest service
 * normalizes them, written straight into an in-process MongoDB-wire store.
 */
public final class StoredEvents {
    private static final TimelineEntries ENTRIES = new TimelineEntries();

    private StoredEvents() {}

    public static MongoServer startStore() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return server;
    }

    public static String uri(MongoServer server) {
        var address = server.getLocalAddress();
        return "mongodb://127.0.0.1:" + address.getPort() + "/timeline";
    }

    public static Document document(TimelineEvent event) {
        return ENTRIES.toDocument(event, Instant.parse("2026-11-25T00:00:00Z"));
    }

    /** Stores {@code events} as the ingest service would: folded calls and mails, with their parts. */
    public static void store(MongoTemplate mongo, List<TimelineEvent> events) {
        Folds.Folded folded =
                Folds.fold(events.stream().map(StoredEvents::document).toList());
        mongo.getCollection(TimelineFields.DEFAULT_COLLECTION).insertMany(folded.entries());
        if (!folded.parts().isEmpty()) {
            mongo.getCollection(TimelineFields.PARTS_COLLECTION).insertMany(folded.parts());
        }
    }
}

package dev.timeline.ingest.correlate;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.write.StaleWrites;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the entries that parts fold into, from every stored part. Two consumers may rebuild one head at once (a
 * mail's open and its send are keyed by different customers, so they can sit on different partitions): each replaces
 * the head only if it saw more parts than the stored head was built from. Parts are only ever added, and each
 * rebuild reads after its own parts were written, so the rebuild that saw most parts saw all that any other saw.
 */
@Component
public class HeadWriter {
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> timeline;
    private final MongoCollection<Document> parts;
    private final CircuitBreaker breaker;

    HeadWriter(MongoTemplate mongo, IngestProperties properties, CircuitBreaker storeBreaker) {
        this.timeline = mongo.getCollection(properties.collection());
        this.parts = mongo.getCollection(PARTS_COLLECTION);
        this.breaker = storeBreaker;
    }

    public void rebuild(Collection<String> headIds) {
        if (headIds.isEmpty()) {
            return;
        }
        breaker.executeRunnable(() -> {
            Map<String, List<Document>> byHead = new HashMap<>();
            parts.find(Filters.in(HEAD_ID, List.copyOf(headIds)))
                    .batchSize(1000)
                    .forEach(part -> byHead.computeIfAbsent(part.getString(HEAD_ID), h -> new ArrayList<>())
                            .add(part));
            List<ReplaceOneModel<Document>> writes = new ArrayList<>(byHead.size());
            byHead.forEach((headId, its) -> writes.add(new ReplaceOneModel<>(
                    Filters.and(Filters.eq(ID, headId), Filters.lt(PART_COUNT, its.size())),
                    Folds.head(headId, its),
                    UPSERT)));
            StaleWrites.apply(timeline, writes);
        });
    }
}

package dev.timeline.ingest.correlate;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.write.StaleWrites;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the entries that parts fold into. A head lists the ids of its parts; a rebuild reads the stored heads,
 * fetches their parts by id, adds the batch's new parts and replaces each head only if it is still the version it
 * read ({@code {_id, partCount: n}}: compare-and-set), all of a round's replacements in one {@code bulkWrite}. Two
 * consumers may rebuild one head at once (a mail's open and its send are keyed by different customers, so they can
 * sit on different partitions): the one that loses reads again and adds its parts to the winner's. Every successful write holds a strict superset of the parts before it,
 * so the count is a version and no part is ever dropped.
 *
 * <p>Everything is read by {@code _id}: one query for the heads and one for their parts per round, whatever the size
 * of the collections (mongo-java-server, which the local stack and the tests use, serves only {@code _id} lookups from
 * an index).
 */
@Component
public class HeadWriter {
    static final int MAX_ROUNDS = 20;

    private final MongoCollection<Document> timeline;
    private final MongoCollection<Document> parts;
    private final CircuitBreaker breaker;

    HeadWriter(MongoTemplate mongo, IngestProperties properties, CircuitBreaker storeBreaker) {
        this.timeline = mongo.getCollection(properties.collection());
        this.parts = mongo.getCollection(PARTS_COLLECTION);
        this.breaker = storeBreaker;
    }

    /** Adds {@code newParts} (already stored in the parts collection; redeliveries welcome) to their heads. */
    public void rebuild(List<Document> newParts) {
        if (newParts.isEmpty()) {
            return;
        }
        Map<String, Map<String, Document>> pending = new LinkedHashMap<>();
        for (Document part : newParts) {
            pending.computeIfAbsent(part.getString(HEAD_ID), h -> new LinkedHashMap<>())
                    .put(part.getString(ID), part);
        }
        breaker.executeRunnable(() -> {
            Map<String, Map<String, Document>> left = pending;
            for (int round = 0; !left.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new IllegalStateException(
                            left.size() + " heads kept changing under " + MAX_ROUNDS + " rebuilds");
                }
                left = round(left);
            }
        });
    }

    /** One read-merge-write round; returns the heads that another consumer changed meanwhile. */
    private Map<String, Map<String, Document>> round(Map<String, Map<String, Document>> pending) {
        Map<String, Document> stored = new HashMap<>();
        timeline.find(Filters.in(ID, List.copyOf(pending.keySet())))
                .projection(Projections.include(PART_IDS, PART_COUNT))
                .forEach(h -> stored.put(h.getString(ID), h));
        List<String> missing = new ArrayList<>();
        stored.forEach((headId, head) -> {
            for (String partId : head.getList(PART_IDS, String.class, List.of())) {
                if (!pending.get(headId).containsKey(partId)) {
                    missing.add(partId);
                }
            }
        });
        Map<String, Document> fetched = new HashMap<>();
        if (!missing.isEmpty()) {
            parts.find(Filters.in(ID, missing)).batchSize(1000).forEach(p -> fetched.put(p.getString(ID), p));
        }

        Map<String, Map<String, Document>> conflicts = new LinkedHashMap<>();
        List<Document> inserts = new ArrayList<>();
        Map<String, Map<String, Document>> inserted = new HashMap<>();
        List<ReplaceOneModel<Document>> replacements = new ArrayList<>();
        Map<String, Map<String, Document>> replaced = new LinkedHashMap<>();
        pending.forEach((headId, mine) -> {
            Document current = stored.get(headId);
            Map<String, Document> all = new LinkedHashMap<>();
            if (current != null) {
                for (String partId : current.getList(PART_IDS, String.class, List.of())) {
                    Document part = fetched.get(partId);
                    if (part != null) {
                        all.put(partId, part);
                    }
                }
            }
            all.putAll(mine);
            if (current != null && all.size() <= current.getInteger(PART_COUNT, 0)) {
                return; // a redelivery: every part is in the head already
            }
            Document head = Folds.head(headId, List.copyOf(all.values()));
            head.put(PART_IDS, List.copyOf(all.keySet()));
            if (current == null) {
                inserts.add(head);
                inserted.put(headId, mine);
            } else {
                replacements.add(new ReplaceOneModel<>(
                        Filters.and(Filters.eq(ID, headId), Filters.eq(PART_COUNT, current.getInteger(PART_COUNT))),
                        head));
                replaced.put(headId, mine);
            }
        });
        // One round trip for every replacement. When one did not match (another consumer's write came between), all of
        // them go into the next round: it reads them again, and those written now have all their parts (a redelivery).
        if (!replacements.isEmpty()
                && timeline.bulkWrite(replacements, new BulkWriteOptions().ordered(false))
                                .getMatchedCount()
                        < replacements.size()) {
            conflicts.putAll(replaced);
        }
        // Another consumer created some first: their parts go into the next round.
        for (String raced : StaleWrites.insertRacing(timeline, inserts)) {
            conflicts.put(raced, inserted.get(raced));
        }
        return conflicts;
    }
}

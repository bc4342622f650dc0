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
 * Rebuilds the entries that parts fold into. A head lists the ids of its parts; a rebuild takes the stored head and
 * its parts, adds the batch's new parts and replaces the head only if it is still the version it started from
 * ({@code {_id, partCount: n, receivedAt: t}}: compare-and-set), all of a round's replacements in one
 * {@code bulkWrite}. Two consumers may rebuild one head at once (a mail's open and its send are keyed by different
 * customers, so they can sit on different partitions): the one that loses reads again and adds its parts to the
 * winner's. Every successful write holds a strict superset of the parts before it, so the count is a version and no
 * part is ever dropped.
 *
 * <p>Where the head and its parts come from: the heads this instance wrote last are remembered with their parts
 * ({@link KnownHeads}), so a call's next event costs no read; a head it does not know is taken to be new and inserted,
 * and only when the insert finds it stored already (another instance's, or one forgotten) is it read, by {@code _id}:
 * one query for the heads and one for their parts per round (mongo-java-server, which the tests use, serves only
 * {@code _id} look-ups from an index). A remembered head that someone else changed fails the condition and is read
 * too.
 */
@Component
public class HeadWriter {
    static final int MAX_ROUNDS = 20;

    private final MongoCollection<Document> timeline;
    private final MongoCollection<Document> parts;
    private final CircuitBreaker breaker;
    private final KnownHeads known;

    HeadWriter(MongoTemplate mongo, IngestProperties properties, CircuitBreaker storeBreaker) {
        this.timeline = mongo.getCollection(properties.collection());
        this.parts = mongo.getCollection(PARTS_COLLECTION);
        this.breaker = storeBreaker;
        this.known = new KnownHeads(properties.knownHeads());
    }

    /**
     * Adds {@code newParts} (already stored in the parts collection; redeliveries welcome) to their heads.
     *
     * @param erasures the erase generation this batch read: when it moves, remembered heads are forgotten
     */
    public void rebuild(List<Document> newParts, long erasures) {
        known.erasuresAt(erasures);
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
                left = round(left, round > 0);
            }
        });
    }

    /**
     * One merge-write round; returns the heads that turned out to be stored differently than assumed (changed by
     * another consumer meanwhile, or not new after all), which the next round reads from the store.
     */
    private Map<String, Map<String, Document>> round(Map<String, Map<String, Document>> pending, boolean readAll) {
        Map<String, KnownHeads.Known> current = new HashMap<>();
        List<String> toRead = new ArrayList<>();
        for (String headId : pending.keySet()) {
            KnownHeads.Known remembered = readAll ? null : known.take(headId);
            if (remembered != null) {
                current.put(headId, remembered);
            } else if (readAll) {
                toRead.add(headId);
            }
        }
        current.putAll(read(toRead));

        Map<String, Map<String, Document>> conflicts = new LinkedHashMap<>();
        List<Document> inserts = new ArrayList<>();
        Map<String, Map<String, Document>> inserted = new HashMap<>();
        Map<String, KnownHeads.Known> written = new HashMap<>();
        List<ReplaceOneModel<Document>> replacements = new ArrayList<>();
        Map<String, Map<String, Document>> replaced = new LinkedHashMap<>();
        pending.forEach((headId, mine) -> {
            KnownHeads.Known stored = current.get(headId);
            Map<String, Document> all = new LinkedHashMap<>();
            if (stored != null) {
                all.putAll(stored.parts());
            }
            all.putAll(mine);
            if (stored != null && all.size() <= stored.partCount()) {
                if (stored.parts().size() == stored.partCount()
                        && stored.parts().keySet().containsAll(mine.keySet())) {
                    known.put(headId, stored);
                }
                return; // a redelivery: every part is in the head already
            }
            Document head = Folds.head(headId, List.copyOf(all.values()));
            head.put(PART_IDS, List.copyOf(all.keySet()));
            written.put(headId, new KnownHeads.Known(all.size(), head.getDate(RECEIVED_AT), all));
            if (stored == null) {
                inserts.add(head);
                inserted.put(headId, mine);
            } else {
                replacements.add(new ReplaceOneModel<>(
                        Filters.and(
                                Filters.eq(ID, headId),
                                Filters.eq(PART_COUNT, stored.partCount()),
                                Filters.eq(RECEIVED_AT, stored.receivedAt())),
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
        // Stored already (another consumer's, or a head this instance does not remember): into the next round.
        for (String raced : StaleWrites.insertRacing(timeline, inserts)) {
            conflicts.put(raced, inserted.get(raced));
        }
        written.forEach((headId, head) -> {
            if (!conflicts.containsKey(headId)) {
                known.put(headId, head);
            }
        });
        return conflicts;
    }

    /** The stored heads among {@code headIds}, each with the parts it lists that are still stored. */
    private Map<String, KnownHeads.Known> read(List<String> headIds) {
        Map<String, KnownHeads.Known> heads = new HashMap<>();
        if (headIds.isEmpty()) {
            return heads;
        }
        List<Document> stored = new ArrayList<>();
        timeline.find(Filters.in(ID, headIds))
                .projection(Projections.include(PART_IDS, PART_COUNT, RECEIVED_AT))
                .forEach(stored::add);
        List<String> partIds = new ArrayList<>();
        stored.forEach(head -> partIds.addAll(head.getList(PART_IDS, String.class, List.of())));
        Map<String, Document> fetched = new HashMap<>();
        if (!partIds.isEmpty()) {
            parts.find(Filters.in(ID, partIds)).batchSize(1000).forEach(p -> fetched.put(p.getString(ID), p));
        }
        for (Document head : stored) {
            Map<String, Document> its = new LinkedHashMap<>();
            for (String partId : head.getList(PART_IDS, String.class, List.of())) {
                Document part = fetched.get(partId);
                if (part != null) {
                    its.put(partId, part);
                }
            }
            heads.put(
                    head.getString(ID),
                    new KnownHeads.Known(head.getInteger(PART_COUNT, 0), head.getDate(RECEIVED_AT), its));
        }
        return heads;
    }
}

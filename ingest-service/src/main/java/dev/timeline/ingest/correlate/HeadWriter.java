package dev.timeline.ingest.correlate;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import dev.timeline.events.EventType;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.write.StaleWrites;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the entries that parts fold into. A head lists the ids of its parts ({@code partIds}) and is made from all
 * of them ({@link Folds#head}), so it is the same whatever order they arrived in.
 *
 * <p>Every write addresses the head by {@code _id} alone, which every store serves from its primary key
 * (mongo-java-server, the benchmarks' store, serves no other condition from an index: a compare-and-set on
 * {@code {_id, partCount}} scanned the whole timeline). Two consumers may fold into one head at once (a mail's open and
 * its send are keyed by different customers, so they can sit on different partitions), so a round goes:
 *
 * <ol>
 *   <li>a head believed absent (not found, or opened by the batch) is inserted, made from the batch's parts (an
 *       insert costs the store least); one that turns out stored already is read, with its parts, and written in the
 *       next round;
 *   <li>any other head is written as made from the parts believed stored plus the batch's: {@code $addToSet} the
 *       batch's part ids (a set only grows, so no consumer's part id is lost to another's write), {@code $set} the
 *       fields the parts make and {@code $unset} those they no longer make;
 *   <li>the part ids of the heads written so are read back: a head whose stored ids are exactly those it was made from
 *       is done. Any other was written meanwhile by someone else; it goes into the next round, made from its stored
 *       parts plus the batch's.
 * </ol>
 *
 * The last write to a head is then always made from all its parts: a writer whose head was made from fewer reads back
 * after its own write, and every addition before that read is in what it reads (a later one is followed by its own
 * writer's read); an insert succeeds only where no one wrote before it, and whoever writes after it reads back. Where
 * the parts believed stored come from: the heads this instance wrote last are remembered with their parts
 * ({@link KnownHeads}), so a call's next event costs no read; a head not remembered is read by {@code _id}, one query for
 * the heads and one for their parts — unless the batch holds its opening event (a call's start, a mail's send), which
 * makes it believed absent until its insert says otherwise.
 */
@Component
public class HeadWriter {
    static final int MAX_ROUNDS = 20;
    /** Every field a head can hold besides {@code _id} and {@code partIds}: those a rebuild does not make are unset. */
    private static final List<String> HEAD_FIELDS = List.of(
            TENANT,
            CUSTOMER_ID,
            IDENTITY,
            OCCURRED_AT,
            RECEIVED_AT,
            SOURCE,
            EVENT_ID,
            TYPE,
            KIND,
            NAME,
            CHANNEL,
            DIRECTION,
            STAFF,
            TICKET_ID,
            SUMMARY,
            CONTENT,
            ATTACHMENTS,
            DETAIL,
            CORRELATION_ID,
            SEARCH,
            SCHEMA_VERSION,
            HEAD_ID,
            PART_COUNT,
            HISTORY);

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

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

    /** A head as stored: the part ids it lists, those of its parts at hand, and whether it was made from all of them. */
    record Stored(Set<String> ids, Map<String, Document> parts, boolean settled) {
        Stored unsettled() {
            return new Stored(ids, parts, false);
        }
    }

    /**
     * What a rebuild wrote: heads it inserted, and heads it changed. A redelivery that added nothing is in neither.
     */
    public record Written(Set<String> inserted, Set<String> updated) {
        static Written none() {
            return new Written(new LinkedHashSet<>(), new LinkedHashSet<>());
        }
    }

    /**
     * Adds {@code newParts} (already stored in the parts collection; redeliveries welcome) to their heads.
     *
     * @param erasures the erase generation this batch read: when it moves, remembered heads are forgotten
     */
    public Written rebuild(List<Document> newParts, long erasures) {
        known.erasuresAt(erasures);
        Written written = Written.none();
        if (newParts.isEmpty()) {
            return written;
        }
        Map<String, Map<String, Document>> pending = new LinkedHashMap<>();
        for (Document part : newParts) {
            pending.computeIfAbsent(part.getString(HEAD_ID), h -> new LinkedHashMap<>())
                    .put(part.getString(ID), part);
        }
        breaker.executeRunnable(() -> {
            // A head not remembered is read first, unless the batch holds the event that opens it (a call's start, a
            // mail's send): that head is believed absent and inserted, and read only when it turns out stored already.
            Map<String, Stored> stored = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            pending.forEach((headId, mine) -> {
                Stored remembered = known.take(headId);
                if (remembered != null) {
                    stored.put(headId, remembered);
                } else if (!opens(mine.values())) {
                    unknown.add(headId);
                }
            });
            stored.putAll(read(unknown));
            Map<String, Map<String, Document>> left = pending;
            for (int round = 0; !left.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new IllegalStateException(
                            left.size() + " heads kept changing under " + MAX_ROUNDS + " rebuilds");
                }
                left = round(left, stored, written);
            }
        });
        written.updated().removeAll(written.inserted());
        return written;
    }

    /**
     * One write-and-check round over {@code pending} heads, each made from what {@code stored} holds of it (nothing
     * where it is believed absent). Returns the heads that someone else wrote meanwhile; {@code stored} then holds
     * what they hold now, and they are written again even if every part of the batch is in them already.
     */
    private Map<String, Map<String, Document>> round(
            Map<String, Map<String, Document>> pending, Map<String, Stored> stored, Written written) {
        Map<String, Stored> madeFrom = new LinkedHashMap<>();
        List<UpdateOneModel<Document>> writes = new ArrayList<>();
        Map<String, Stored> inserted = new LinkedHashMap<>();
        List<Document> inserts = new ArrayList<>();
        pending.forEach((headId, mine) -> {
            Stored before = stored.get(headId);
            if (before == null) {
                Document head = Folds.head(headId, List.copyOf(mine.values()));
                head.put(PART_COUNT, mine.size());
                head.put(PART_IDS, List.copyOf(mine.keySet()));
                inserts.add(head);
                inserted.put(headId, new Stored(new LinkedHashSet<>(mine.keySet()), new LinkedHashMap<>(mine), true));
                return;
            }
            if (before.settled() && before.ids().containsAll(mine.keySet())) {
                known.put(headId, before);
                return; // a redelivery: every part is in the head already
            }
            Set<String> ids = new LinkedHashSet<>(before.ids());
            Map<String, Document> all = new LinkedHashMap<>(before.parts());
            ids.addAll(mine.keySet());
            all.putAll(mine);
            writes.add(write(headId, ids.size(), all, mine.keySet()));
            madeFrom.put(headId, new Stored(ids, all, true));
        });

        // An inserted head needs no check: whoever adds a part later writes after this insert and reads back after
        // that. One stored already (another writer's, or one this instance forgot) is read and made again.
        Map<String, Map<String, Document>> changed = new LinkedHashMap<>();
        List<String> stale = StaleWrites.insertRacing(timeline, inserts);
        stale.forEach(headId -> changed.put(headId, pending.get(headId)));
        inserted.keySet().removeAll(stale);
        inserted.forEach(known::put);
        written.inserted().addAll(inserted.keySet());
        stored.putAll(read(stale));
        if (writes.isEmpty()) {
            return changed;
        }
        timeline.bulkWrite(writes, UNORDERED);
        written.updated().addAll(madeFrom.keySet());

        Map<String, List<String>> now = new HashMap<>();
        timeline.find(Filters.in(ID, List.copyOf(madeFrom.keySet())))
                .projection(Projections.include(PART_IDS))
                .forEach(head -> now.put(head.getString(ID), head.getList(PART_IDS, String.class, List.of())));
        Map<String, List<String>> toRead = new LinkedHashMap<>();
        madeFrom.forEach((headId, made) -> {
            List<String> ids = now.get(headId);
            if (ids != null && ids.size() == made.ids().size() && made.ids().containsAll(ids)) {
                known.put(headId, made);
                return;
            }
            changed.put(headId, pending.get(headId));
            stored.remove(headId); // absent now (erased meanwhile): inserted next round, unless read below
            if (ids != null) {
                toRead.put(headId, ids);
            }
        });
        partsOf(toRead, madeFrom).forEach((headId, head) -> stored.put(headId, head.unsettled()));
        return changed;
    }

    /** Whether one of {@code parts} is the event a head starts with, so that the head is most likely not stored yet. */
    private static boolean opens(Collection<Document> parts) {
        for (Document part : parts) {
            String type = part.getString(TYPE);
            if (EventType.CALL_STARTED.wire().equals(type)
                    || EventType.EMAIL_SENT.wire().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** The write of a head made from {@code all} parts (of {@code listed} in all), adding {@code added} to its ids. */
    private static UpdateOneModel<Document> write(
            String headId, int listed, Map<String, Document> all, Set<String> added) {
        Document head = Folds.head(headId, List.copyOf(all.values()));
        head.remove(ID);
        head.put(PART_COUNT, listed);
        Document unset = new Document();
        for (String field : HEAD_FIELDS) {
            if (!head.containsKey(field)) {
                unset.append(field, "");
            }
        }
        Document update = new Document("$set", head)
                .append("$addToSet", new Document(PART_IDS, new Document("$each", List.copyOf(added))));
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        return new UpdateOneModel<>(Filters.eq(ID, headId), update);
    }

    /** The stored heads among {@code headIds}, with their parts; settled where {@code partCount} counts every id. */
    private Map<String, Stored> read(List<String> headIds) {
        if (headIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        timeline.find(Filters.in(ID, headIds))
                .projection(Projections.include(PART_IDS, PART_COUNT))
                .forEach(head -> {
                    ids.put(head.getString(ID), head.getList(PART_IDS, String.class, List.of()));
                    counts.put(head.getString(ID), head.getInteger(PART_COUNT, -1));
                });
        Map<String, Stored> heads = new HashMap<>();
        partsOf(ids, Map.of())
                .forEach((headId, head) ->
                        heads.put(headId, head.ids().size() == counts.get(headId) ? head : head.unsettled()));
        return heads;
    }

    /**
     * Each head's parts, in the order listed: those in {@code inHand} as they are, the others read from the parts
     * collection (one no longer stored, erased meanwhile, is left out; its id stays listed).
     */
    private Map<String, Stored> partsOf(Map<String, List<String>> ids, Map<String, Stored> inHand) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> missing = new ArrayList<>();
        ids.forEach((headId, partIds) -> {
            Map<String, Document> have = have(inHand, headId);
            for (String partId : partIds) {
                if (!have.containsKey(partId)) {
                    missing.add(partId);
                }
            }
        });
        Map<String, Document> fetched = new HashMap<>();
        if (!missing.isEmpty()) {
            parts.find(Filters.in(ID, missing)).batchSize(1000).forEach(p -> fetched.put(p.getString(ID), p));
        }
        Map<String, Stored> heads = new HashMap<>();
        ids.forEach((headId, partIds) -> {
            Map<String, Document> have = have(inHand, headId);
            Map<String, Document> its = new LinkedHashMap<>();
            for (String partId : partIds) {
                Document part = have.containsKey(partId) ? have.get(partId) : fetched.get(partId);
                if (part != null) {
                    its.put(partId, part);
                }
            }
            heads.put(headId, new Stored(new LinkedHashSet<>(partIds), its, true));
        });
        return heads;
    }

    private static Map<String, Document> have(Map<String, Stored> inHand, String headId) {
        Stored head = inHand.get(headId);
        return head == null ? Map.of() : head.parts();
    }
}

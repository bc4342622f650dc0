package dev.timeline.ingest.erase;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.timeline.events.store.Erasures;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The suppression list ({@link Erasures#ERASED_CUSTOMERS}) as every ingest instance reads it once per batch. The list
 * only grows, and every addition is followed by an increment of its generation (a document of its own in the same
 * collection), so an instance keeps the whole list in memory and reads only the generation per batch: a few bytes,
 * where asking for the batch's customers sent a few hundred hashes each time. When the generation has moved, the list
 * is read again — after reading the generation, so whatever was added before that increment is in it. A list larger
 * than {@code cacheLimit} is not kept: each batch then asks for its own customers, as before.
 *
 * <p>An addition is visible to the others after its increment; a batch read between the two misses it, exactly as a
 * batch read just before the addition would — the same window the per-batch query had.
 */
final class SuppressionList {
    /** The most subjects kept in memory (about 6 MB of hashes). */
    static final int CACHE_LIMIT = 50_000;

    static final String GENERATION_ID = "generation";
    private static final String GENERATION = "n";

    private final MongoCollection<Document> list;
    private final int cacheLimit;
    private volatile Snapshot snapshot = new Snapshot(-1, Set.of(), false);
    private volatile long lastRead = -1;

    /** The list as read at a generation; {@code cached} false where it was too large to keep. */
    private record Snapshot(long generation, Set<String> subjects, boolean cached) {}

    SuppressionList(MongoCollection<Document> list, int cacheLimit) {
        this.list = list;
        this.cacheLimit = cacheLimit;
    }

    /**
     * Calls {@code erased} with the value of each of {@code candidates} (keyed by subject) that is on the list. The
     * candidates are asked for only when the list is not known to be empty: most tenants never erase anyone, and their
     * batches then cost the generation read alone.
     */
    <T> void find(Supplier<Map<String, T>> candidates, Consumer<T> erased) {
        Document current = list.find(Filters.eq("_id", GENERATION_ID)).first();
        long now = current == null ? 0 : current.get(GENERATION, Number.class).longValue();
        lastRead = now;
        Snapshot read = snapshot;
        if (read.generation() != now) {
            read = reload(now);
        }
        if (read.cached() && read.subjects().isEmpty()) {
            return;
        }
        Map<String, T> bySubject = candidates.get();
        if (bySubject.isEmpty()) {
            return;
        }
        if (read.cached()) {
            Set<String> subjects = read.subjects();
            bySubject.forEach((subject, value) -> {
                if (subjects.contains(subject)) {
                    erased.accept(value);
                }
            });
            return;
        }
        list.find(Filters.in("_id", bySubject.keySet()))
                .projection(Projections.include("_id"))
                .forEach(found -> erased.accept(bySubject.get(found.getString("_id"))));
    }

    /** The generation the last {@link #find} read: it moves with every erase, in this instance or another. */
    long generation() {
        return lastRead;
    }

    /** Moves the generation on: called after every addition, so that the instances read the list again. */
    void added() {
        list.updateOne(Filters.eq("_id", GENERATION_ID), Updates.inc(GENERATION, 1L), new UpdateOptions().upsert(true));
    }

    private synchronized Snapshot reload(long now) {
        if (snapshot.generation() == now) {
            return snapshot; // another consumer thread read it meanwhile
        }
        if (snapshot.generation() >= 0 && !snapshot.cached()) {
            // Too large once, too large for good: the list only grows. No need to read it again.
            snapshot = new Snapshot(now, Set.of(), false);
            return snapshot;
        }
        Set<String> all = new HashSet<>();
        boolean fits = true;
        for (Document subject : list.find(Filters.ne("_id", GENERATION_ID)).projection(Projections.include("_id"))) {
            if (all.size() == cacheLimit) {
                fits = false;
                break;
            }
            all.add(subject.getString("_id"));
        }
        snapshot = new Snapshot(now, fits ? Set.copyOf(all) : Set.of(), fits);
        return snapshot;
    }
}

package dev.timeline.ingest.write;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Writes that apply only over something older, so that arrival order and redeliveries do not matter: a head built
 * from more parts, a ticket's or an identity's state set by a newer event. Each write names a version field
 * ({@code partCount}, {@code at}, {@code statusAt} …) and its value; a stored document whose version is as new or
 * newer wins. No transactions, the same on every MongoDB and on mongo-java-server.
 *
 * <p>A batch costs one read of the stored versions by {@code _id}, one {@code insertMany} of what is not stored yet,
 * and one ordered {@code bulkWrite} of conditional writes ({@code {_id, version: {$lt: v}}}), one per stored document
 * that the batch makes newer; a write whose condition no longer holds matches nothing and counts as stale. A document
 * created meanwhile by another consumer shows as a duplicate key on the insert; its writes then take the conditional
 * path, which decides against what is stored. One round trip, not one per document: under load every round trip
 * waits for the store's turn on a busy CPU (one {@code findAndModify} per document made ingest fall behind a soak of
 * reads). Both stores serve the {@code _id} condition from the primary key.
 */
public final class StaleWrites {
    private StaleWrites() {}

    /**
     * One conditional write.
     *
     * @param document the whole document with its version: inserted when {@code id} is not stored yet, and otherwise
     *     either replacing the stored one or {@code $set} over it, field by field
     */
    public record Write(String id, String versionField, Comparable<?> version, Document document, boolean replace) {

        /** Stores {@code replacement} as the whole document. */
        public static Write replace(String id, String versionField, Comparable<?> version, Document replacement) {
            return new Write(id, versionField, version, replacement, true);
        }

        /** Sets {@code fields} (which hold the version) over the stored document, leaving its other fields. */
        public static Write set(String id, String versionField, Comparable<?> version, Document fields) {
            Document document = new Document("_id", id);
            document.putAll(fields);
            return new Write(id, versionField, version, document, false);
        }

        Bson newerThanStored() {
            return Filters.and(
                    Filters.eq("_id", id),
                    Filters.or(Filters.exists(versionField, false), Filters.lt(versionField, version)));
        }

        Bson setFields() {
            Document fields = new Document(document);
            fields.remove("_id");
            return new Document("$set", fields);
        }
    }

    /** Applies {@code writes}; returns how many lost to a newer stored state. */
    public static int apply(MongoCollection<Document> collection, List<Write> writes) {
        if (writes.isEmpty()) {
            return 0;
        }
        List<Write> newest = newestPerVersion(writes);
        Set<String> fields = new HashSet<>();
        newest.forEach(w -> fields.add(w.versionField()));
        Map<String, Document> stored = new LinkedHashMap<>();
        collection
                .find(Filters.in(
                        "_id", newest.stream().map(Write::id).distinct().toList()))
                .projection(Projections.include(List.copyOf(fields)))
                .forEach(d -> stored.put(d.getString("_id"), d));

        Map<String, Document> inserts = new LinkedHashMap<>();
        Map<String, List<Write>> insertedBy = new LinkedHashMap<>();
        List<Write> modifications = new ArrayList<>();
        int stale = 0;
        for (Write write : newest) {
            Document current = stored.get(write.id());
            if (current == null) {
                inserts.computeIfAbsent(write.id(), id -> new Document()).putAll(write.document());
                insertedBy.computeIfAbsent(write.id(), id -> new ArrayList<>()).add(write);
            } else if (isNewer(write, current.get(write.versionField()))) {
                modifications.add(write);
            } else {
                stale++;
            }
        }
        for (String raced : insertRacing(collection, List.copyOf(inserts.values()))) {
            modifications.addAll(insertedBy.get(raced));
        }
        if (!modifications.isEmpty()) {
            List<WriteModel<Document>> models = new ArrayList<>(modifications.size());
            for (Write write : modifications) {
                models.add(
                        write.replace()
                                ? new ReplaceOneModel<>(write.newerThanStored(), write.document())
                                : new UpdateOneModel<>(write.newerThanStored(), write.setFields()));
            }
            // In order, as one write after the other would be; a write whose condition no longer holds matches nothing.
            stale += modifications.size() - collection.bulkWrite(models).getMatchedCount();
        }
        return stale;
    }

    /** Inserts each document unless its {@code _id} is stored already (a redelivery); returns how many were new. */
    public static int insertOnce(MongoCollection<Document> collection, List<Document> documents) {
        return documents.size() - insertRacing(collection, documents).size();
    }

    /** Inserts; returns the ids that were stored already (duplicate keys), which is not a failure. */
    public static List<String> insertRacing(MongoCollection<Document> collection, List<Document> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        return TimelineWriter.insert(collection, documents).stream()
                .mapToObj(i -> documents.get(i).getString("_id"))
                .toList();
    }

    /** Of several writes to one version of one document in a batch, only the newest can matter. */
    private static List<Write> newestPerVersion(List<Write> writes) {
        Map<String, Write> newest = new LinkedHashMap<>();
        for (Write write : writes) {
            newest.merge(
                    write.id() + "\u0000" + write.versionField(), write, (a, b) -> isNewer(b, a.version()) ? b : a);
        }
        return List.copyOf(newest.values());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean isNewer(Write write, @Nullable Object stored) {
        return stored == null || ((Comparable) write.version()).compareTo(stored) > 0;
    }
}

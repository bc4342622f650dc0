package dev.timeline.wirestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store through the real MongoDB driver: what the services do with it, and that it survives restarts. */
class WireStoreTest {
    @TempDir
    Path data;

    private WireStore store;
    private MongoClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private MongoCollection<Document> open(String name) throws Exception {
        store = WireStore.start(data, "127.0.0.1", 0);
        client = MongoClients.create(store.uri("test"));
        return client.getDatabase("test").getCollection(name);
    }

    private MongoCollection<Document> reopen(String name) throws Exception {
        client.close();
        store.close();
        return open(name);
    }

    @Test
    void keepsWhatItStoredAcrossARestart() throws Exception {
        MongoCollection<Document> things = open("things");
        things.insertMany(List.of(new Document("_id", "a").append("n", 1), new Document("_id", "b").append("n", 2)));
        things.updateOne(Filters.eq("_id", "a"), Updates.set("n", 10));
        things.deleteOne(Filters.eq("_id", "b"));
        things.insertOne(new Document("_id", "c").append("n", 3));

        things = reopen("things");

        assertThat(things.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                .containsExactly(new Document("_id", "a").append("n", 10), new Document("_id", "c").append("n", 3));
        assertThat(things.countDocuments()).isEqualTo(2);
    }

    @Test
    void refusesADuplicateIdAndStoresTheRestOfAnUnorderedBatch() throws Exception {
        MongoCollection<Document> things = open("things");
        things.insertOne(new Document("_id", "a"));

        assertThatThrownBy(() -> things.insertMany(
                        List.of(new Document("_id", "b"), new Document("_id", "a"), new Document("_id", "b")),
                        new com.mongodb.client.model.InsertManyOptions().ordered(false)))
                .isInstanceOf(com.mongodb.MongoBulkWriteException.class)
                .satisfies(e -> assertThat(((com.mongodb.MongoBulkWriteException) e).getWriteErrors())
                        .extracting(com.mongodb.bulk.BulkWriteError::getIndex)
                        .containsExactly(1, 2));
        assertThat(things.countDocuments()).isEqualTo(2);
    }

    @Test
    void enforcesUniqueSecondaryIndexes() throws Exception {
        MongoCollection<Document> things = open("things");
        things.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        things.insertOne(new Document("_id", 1).append("email", "a@x"));

        assertThatThrownBy(() -> things.insertOne(new Document("_id", 2).append("email", "a@x")))
                .isInstanceOfSatisfying(
                        MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getCode()))
                                .isEqualTo(ErrorCategory.DUPLICATE_KEY));
        things.insertOne(new Document("_id", 3).append("email", "c@x"));

        assertThatThrownBy(() -> things.updateOne(Filters.eq("_id", 3), Updates.set("email", "a@x")))
                .isInstanceOf(MongoWriteException.class);
        things.updateOne(Filters.eq("_id", 1), Updates.set("email", "b@x"));
        things.insertOne(new Document("_id", 4).append("email", "a@x"));
        assertThat(things.countDocuments(Filters.eq("email", "a@x"))).isEqualTo(1);
    }

    @Test
    void answersATimelinePageFromTheIndexInOrderAndSaysSo() throws Exception {
        MongoCollection<Document> timeline = open("timeline");
        timeline.createIndex(
                Indexes.compoundIndex(
                        Indexes.ascending("tenant", "customerId"), Indexes.descending("occurredAt", "_id")),
                new IndexOptions().name("customer_timeline"));
        Random random = new Random(7);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            docs.add(new Document("_id", String.format("e%05d", i))
                    .append("tenant", "t" + (i % 2))
                    .append("customerId", "c" + random.nextInt(20))
                    .append("occurredAt", Date.from(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000))))
                    .append("type", random.nextBoolean() ? "message.received" : "call.ended"));
        }
        timeline.insertMany(docs);
        var query = Filters.and(
                Filters.eq("tenant", "t1"),
                Filters.in("customerId", List.of("c3", "c7")),
                Filters.eq("type", "call.ended"));

        List<Document> page = timeline.find(query)
                .sort(Sorts.descending("occurredAt", "_id"))
                .limit(20)
                .into(new ArrayList<>());

        List<Document> expected = docs.stream()
                .filter(d -> d.get("tenant").equals("t1")
                        && List.of("c3", "c7").contains(d.get("customerId"))
                        && d.get("type").equals("call.ended"))
                .sorted((a, b) -> {
                    int c = b.getDate("occurredAt").compareTo(a.getDate("occurredAt"));
                    return c != 0 ? c : b.getString("_id").compareTo(a.getString("_id"));
                })
                .limit(20)
                .toList();
        assertThat(page)
                .extracting(d -> d.getString("_id"))
                .containsExactlyElementsOf(
                        expected.stream().map(d -> d.getString("_id")).toList());

        Document explain = timeline.find(query)
                .sort(Sorts.descending("occurredAt", "_id"))
                .limit(20)
                .explain();
        Document winning = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
        assertThat(winning.getString("stage")).isEqualTo("FETCH");
        assertThat(winning.get("inputStage", Document.class).getString("indexName"))
                .isEqualTo("customer_timeline");
        long examined = explain.get("executionStats", Document.class).getLong("totalDocsExamined");
        assertThat(examined).as("documents read for a page of 20").isLessThan(80);
    }

    @Test
    void answersAQueryForKeyFieldsFromTheKeysAndReadsOnlyTheDocumentsTheyCannotTell() throws Exception {
        MongoCollection<Document> timeline = open("timeline");
        timeline.createIndex(
                Indexes.compoundIndex(
                        Indexes.ascending("tenant", "customerId"),
                        Indexes.descending("occurredAt", "_id"),
                        Indexes.ascending("channel", "type")),
                new IndexOptions().name("customer_timeline"));
        Random random = new Random(11);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Document d = new Document("_id", String.format("e%05d", i))
                    .append("tenant", "t1")
                    .append("customerId", "c" + random.nextInt(4))
                    .append("occurredAt", Date.from(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000))))
                    .append("type", random.nextBoolean() ? "message.received" : "call.ended")
                    .append("content", "long text the answer does not need " + i);
            if (i % 100 == 0) {
                d.append("channel", 42); // a number: its key does not tell its type, so its document is read
            } else if (i % 100 != 1) { // and no channel at all in 1 %
                d.append("channel", random.nextBoolean() ? "zalo" : "email");
            }
            docs.add(d);
        }
        timeline.insertMany(docs);
        var query = Filters.and(
                Filters.eq("tenant", "t1"), Filters.eq("customerId", "c2"), Filters.eq("type", "call.ended"));
        var fields = Projections.fields(Projections.include("occurredAt", "channel", "type"), Projections.excludeId());

        List<Document> answer = timeline.find(query)
                .projection(fields)
                .sort(Sorts.descending("occurredAt", "_id"))
                .into(new ArrayList<>());

        List<Document> expected = docs.stream()
                .filter(d -> d.get("customerId").equals("c2") && d.get("type").equals("call.ended"))
                .sorted((a, b) -> {
                    int c = b.getDate("occurredAt").compareTo(a.getDate("occurredAt"));
                    return c != 0 ? c : b.getString("_id").compareTo(a.getString("_id"));
                })
                .map(d -> {
                    Document projected = new Document("occurredAt", d.get("occurredAt"));
                    if (d.containsKey("channel")) {
                        projected.append("channel", d.get("channel"));
                    }
                    return projected.append("type", d.get("type"));
                })
                .toList();
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(expected)
                .anyMatch(d -> !d.containsKey("channel"))
                .anyMatch(d -> d.get("channel") instanceof Integer);
        assertThat(answer).containsExactlyElementsOf(expected);

        Document explain = timeline.find(query)
                .projection(fields)
                .sort(Sorts.descending("occurredAt", "_id"))
                .explain();
        assertThat(explain.get("queryPlanner", Document.class)
                        .get("winningPlan", Document.class)
                        .getString("stage"))
                .isEqualTo("PROJECTION_COVERED");
        long read = explain.get("executionStats", Document.class).getLong("totalDocsExamined");
        long odd = expected.stream()
                .filter(d -> !(d.get("channel") instanceof String))
                .count();
        assertThat(read)
                .as("documents read: only those whose channel the key cannot tell")
                .isEqualTo(odd);
    }

    @Test
    void buildsAnIndexOverDocumentsAlreadyStoredFromTheirCurrentVersions() throws Exception {
        MongoCollection<Document> timeline = open("timeline");
        for (int i = 0; i < 3000; i++) {
            timeline.insertOne(new Document("_id", i).append("customerId", "c" + (i % 10)));
        }
        // Older versions and deleted documents stay in the log; the new index must hold only what is current.
        timeline.updateMany(Filters.in("_id", List.of(3, 13, 23)), Updates.set("customerId", "moved"));
        timeline.deleteMany(Filters.in("_id", List.of(33, 43)));
        long expectedC3 = timeline.countDocuments(Filters.eq("customerId", "c3"));

        timeline.createIndex(Indexes.ascending("customerId"), new IndexOptions().name("by_customer"));

        assertThat(expectedC3).isEqualTo(300 - 5);
        assertThat(timeline.find(Filters.eq("customerId", "c3")).into(new ArrayList<>()))
                .hasSize((int) expectedC3);
        assertThat(timeline.find(Filters.eq("customerId", "moved"))
                        .map(d -> d.getInteger("_id"))
                        .into(new ArrayList<>()))
                .containsExactlyInAnyOrder(3, 13, 23);
        assertThat(indexUsed(timeline, Filters.eq("customerId", "c3"))).isEqualTo("by_customer");
        timeline.insertOne(new Document("_id", 5000).append("customerId", "c3"));
        assertThat(timeline.countDocuments(Filters.eq("customerId", "c3"))).isEqualTo(expectedC3 + 1);
    }

    private static String indexUsed(MongoCollection<Document> collection, org.bson.conversions.Bson filter) {
        return collection
                .find(filter)
                .explain()
                .get("queryPlanner", Document.class)
                .get("winningPlan", Document.class)
                .get("inputStage", Document.class)
                .getString("indexName");
    }

    @Test
    void keepsIndexesAcrossARestart() throws Exception {
        MongoCollection<Document> timeline = open("timeline");
        timeline.createIndex(Indexes.ascending("customerId"), new IndexOptions().name("by_customer"));
        for (int i = 0; i < 200; i++) {
            timeline.insertOne(new Document("_id", i).append("customerId", "c" + (i % 10)));
        }

        timeline = reopen("timeline");

        assertThat(timeline.find(Filters.eq("customerId", "c3")).into(new ArrayList<>()))
                .hasSize(20);
        assertThat(indexUsed(timeline, Filters.eq("customerId", "c3"))).isEqualTo("by_customer");
    }

    @Test
    void looksUpThousandsOfIdsAtOnceThroughTheIdIndex() throws Exception {
        MongoCollection<Document> parts = open("parts");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            docs.add(new Document("_id", "p" + i).append("tags", List.of("t" + (i % 3), "all")));
        }
        parts.insertMany(docs);
        Random random = new Random(3);
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            wanted.add(random.nextInt(4) == 0 ? "missing" + i : "p" + random.nextInt(20_000));
        }
        List<String> expected = wanted.stream()
                .filter(id -> id.startsWith("p"))
                .distinct()
                .sorted()
                .toList();

        var byId = Filters.in("_id", wanted);
        List<String> found = parts.find(byId).into(new ArrayList<>()).stream()
                .map(d -> d.getString("_id"))
                .sorted()
                .toList();
        Document explain = parts.find(byId).explain();

        assertThat(found).isNotEmpty().isEqualTo(expected);
        assertThat(explain.get("queryPlanner", Document.class)
                        .get("winningPlan", Document.class)
                        .get("inputStage", Document.class)
                        .getString("indexName"))
                .isEqualTo("_id_");
        assertThat(explain.get("executionStats", Document.class).getLong("totalDocsExamined"))
                .isEqualTo(expected.size());
        // a field holding arrays: an element equal to one of the values matches, as MongoDB's $in does
        assertThat(parts.countDocuments(Filters.in("tags", List.of("t1", "none"))))
                .isEqualTo(6667);
    }

    @Test
    void servesALongAnswerBatchByBatchAndClosesItsCursorAtTheEnd() throws Exception {
        MongoCollection<Document> events = open("events");
        events.createIndex(Indexes.ascending("k", "t"));
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            docs.add(new Document("_id", "e" + i)
                    .append("k", i % 2 == 0 ? "a" : "b")
                    .append("t", i));
        }
        events.insertMany(docs);
        var database = client.getDatabase("test");

        List<Integer> seen = new ArrayList<>();
        long openWhileReading;
        try (var cursor = events.find(Filters.eq("k", "a"))
                .sort(Sorts.ascending("t"))
                .batchSize(100)
                .iterator()) {
            seen.add(cursor.next().getInteger("t"));
            openWhileReading = openCursors(database);
            cursor.forEachRemaining(d -> seen.add(d.getInteger("t")));
        }

        assertThat(seen).hasSize(2_500).isSorted().startsWith(0, 2, 4).endsWith(4_998);
        assertThat(openWhileReading).isEqualTo(1);
        assertThat(openCursors(database)).isZero();
    }

    private static long openCursors(com.mongodb.client.MongoDatabase database) {
        Document cursor = database.runCommand(new Document("serverStatus", 1))
                .get("metrics", Document.class)
                .get("cursor", Document.class);
        assertThat(cursor.getLong("timedOut")).isZero();
        return cursor.get("open", Document.class).getLong("total");
    }

    @Test
    void comparesAndSetsWithFindAndModify() throws Exception {
        MongoCollection<Document> heads = open("heads");
        heads.insertOne(new Document("_id", "h").append("partCount", 1));

        Document won = heads.findOneAndReplace(
                Filters.and(Filters.eq("_id", "h"), Filters.eq("partCount", 1)), new Document("partCount", 2));
        Document lost = heads.findOneAndReplace(
                Filters.and(Filters.eq("_id", "h"), Filters.eq("partCount", 1)), new Document("partCount", 3));

        assertThat(won).isNotNull();
        assertThat(lost).isNull();
        assertThat(heads.find().first()).isEqualTo(new Document("_id", "h").append("partCount", 2));
    }

    @Test
    void storesAndServesGridFsFiles() throws Exception {
        open("unused");
        GridFSBucket bucket = GridFSBuckets.create(client.getDatabase("test"), "exports");
        byte[] content = new byte[3_000_000];
        new Random(1).nextBytes(content);

        var id = bucket.uploadFromStream("export.csv", new ByteArrayInputStream(content));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        bucket.downloadToStream(id, read);

        assertThat(read.toByteArray()).isEqualTo(content);
        assertThat(client.getDatabase("test")
                        .getCollection("exports.chunks")
                        .find(Filters.eq("files_id", id))
                        .projection(Projections.include("n"))
                        .sort(Sorts.ascending("n"))
                        .explain()
                        .get("queryPlanner", Document.class)
                        .get("winningPlan", Document.class)
                        .toJson())
                .contains("IXSCAN");
    }

    @Test
    void aJournaledWriteIsOnDiskWhenAcknowledged() throws Exception {
        MongoCollection<Document> things = open("things");
        long before = store.storeLog().durable();

        things.withWriteConcern(WriteConcern.JOURNALED).insertOne(new Document("_id", "x"));

        assertThat(store.storeLog().durable())
                .isGreaterThan(before)
                .isEqualTo(store.storeLog().appended());
    }
}

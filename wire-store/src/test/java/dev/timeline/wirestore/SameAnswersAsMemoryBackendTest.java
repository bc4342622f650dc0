package dev.timeline.wirestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store's planner must not change what a query means. mongo-java-server's memory backend, which scans and sorts
 * in memory, is the reference: random documents (ties on time, missing fields, arrays, numbers of every BSON type),
 * the same writes on both, then random queries of the shapes the services send (equalities, {@code $in},
 * {@code $nin}, time ranges, keyset {@code $or}, literal regexes, number ranges) with and without sort and limit must
 * return the same documents in the same order.
 */
class SameAnswersAsMemoryBackendTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<String> TYPES =
            List.of("message.received", "call.ended", "email.sent", "ticket.commented");
    private static final List<String> WORDS = List.of("cuoc", "goi", "nho", "email", "don", "hang", "ao", "khoac");

    @TempDir
    static Path data;

    private static MongoServer memory;
    private static WireStore store;
    private static MongoClient memoryClient;
    private static MongoClient storeClient;

    @BeforeAll
    static void start() throws Exception {
        memory = new MongoServer(new MemoryBackend());
        memoryClient = MongoClients.create("mongodb://" + hostAndPort(memory.bind()));
        store = WireStore.start(data, "127.0.0.1", 0);
        storeClient = MongoClients.create(store.uri(""));
    }

    private static String hostAndPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @AfterAll
    static void stop() {
        memoryClient.close();
        storeClient.close();
        memory.shutdownNow();
        store.close();
    }

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= 40; s++) {
            seeds.add(s);
        }
        return seeds;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void answersEveryQueryAsTheMemoryBackendDoes(long seed) {
        Random random = new Random(seed);
        String name = "c" + seed;
        MongoCollection<Document> reference = memoryClient.getDatabase("diff").getCollection(name);
        MongoCollection<Document> tested = storeClient.getDatabase("diff").getCollection(name);
        for (MongoCollection<Document> c : List.of(reference, tested)) {
            c.createIndex(
                    Indexes.compoundIndex(
                            Indexes.ascending("tenant", "customerId"),
                            Indexes.descending("occurredAt", "_id"),
                            Indexes.ascending("type", "detail.status")),
                    new IndexOptions().name("customer_timeline"));
            c.createIndex(
                    Indexes.compoundIndex(
                            Indexes.ascending("tenant", "ticketId"), Indexes.descending("occurredAt", "_id")),
                    new IndexOptions().name("ticket_timeline"));
            c.createIndex(
                    Indexes.compoundIndex(Indexes.ascending("tenant"), Indexes.descending("occurredAt", "_id")),
                    new IndexOptions().name("tenant_timeline"));
            c.createIndex(Indexes.ascending("n"), new IndexOptions().name("by_n"));
            c.createIndex(Indexes.ascending("tags"), new IndexOptions().name("by_tag"));
        }
        List<Document> documents = new ArrayList<>();
        int count = 150 + random.nextInt(250);
        for (int i = 0; i < count; i++) {
            documents.add(document(random, i));
        }
        for (MongoCollection<Document> c : List.of(reference, tested)) {
            c.insertMany(documents.stream().map(Document::new).toList());
        }
        // The same updates and deletes on both: index keys change, documents go.
        for (int i = 0; i < 30; i++) {
            String id = documents.get(random.nextInt(documents.size())).getString("_id");
            Bson update = random.nextBoolean()
                    ? Updates.set("occurredAt", date(random))
                    : Updates.set("customerId", "c" + random.nextInt(6));
            boolean delete = random.nextInt(4) == 0;
            for (MongoCollection<Document> c : List.of(reference, tested)) {
                if (delete) {
                    c.deleteOne(Filters.eq("_id", id));
                } else {
                    c.updateOne(Filters.eq("_id", id), update);
                }
            }
        }

        for (int q = 0; q < 60; q++) {
            Bson filter = filter(random);
            Bson sort = sort(random);
            int limit = sort == null ? 0 : List.of(0, 1, 5, 51).get(random.nextInt(4));
            int skip = sort != null && random.nextInt(5) == 0 ? random.nextInt(4) : 0;
            String what = "seed " + seed + " query " + q + ": "
                    + filter.toBsonDocument().toJson() + " sort "
                    + (sort == null ? "-" : sort.toBsonDocument().toJson()) + " skip " + skip + " limit " + limit;

            Bson projection = projection(random);
            what += " projection "
                    + (projection == null ? "-" : projection.toBsonDocument().toJson());
            List<Document> expected = run(reference, filter, sort, skip, limit, projection);
            List<Document> actual = run(tested, filter, sort, skip, limit, projection);
            if (sort == null || sort.toBsonDocument().containsKey("_id")) {
                java.util.Map<Object, Document> byId = new java.util.HashMap<>();
                expected.forEach(d -> byId.put(d.get("_id"), d));
                for (Document d : actual) {
                    if (d.containsKey("_id")) {
                        assertThat(d).as(what).isEqualTo(byId.get(d.get("_id")));
                    }
                }
            }

            if (sort == null || (limit == 0 && skip == 0)) {
                // Whole answers, whatever the projection kept (with or without ids): the same documents.
                assertThat(actual).as(what).containsExactlyInAnyOrderElementsOf(expected);
            }
            if (sort == null) {
                assertThat(ids(actual)).as(what).containsExactlyInAnyOrderElementsOf(ids(expected));
            } else if (sort.toBsonDocument().containsKey("_id")) {
                assertThat(ids(actual)).as(what).containsExactlyElementsOf(ids(expected));
            } else {
                // Ties on the sort key may come in any order: the keys' sequence must match, and so must the set
                // when nothing was cut off.
                String key = sort.toBsonDocument().getFirstKey();
                assertThat(actual.stream().map(d -> String.valueOf(d.get(key))).toList())
                        .as(what)
                        .containsExactlyElementsOf(expected.stream()
                                .map(d -> String.valueOf(d.get(key)))
                                .toList());
                if (limit == 0 && skip == 0) {
                    assertThat(ids(actual)).as(what).containsExactlyInAnyOrderElementsOf(ids(expected));
                }
            }
            assertThat(tested.countDocuments(filter)).as(what).isEqualTo(reference.countDocuments(filter));
        }
    }

    private static List<Document> run(
            MongoCollection<Document> c, Bson filter, Bson sort, int skip, int limit, Bson projection) {
        var find = c.find(filter).skip(skip).limit(limit);
        if (projection != null) {
            find = find.projection(projection);
        }
        if (sort != null) {
            find = find.sort(sort);
        }
        return find.into(new ArrayList<>());
    }

    private static List<String> ids(List<Document> documents) {
        return documents.stream()
                .map(d -> d.containsKey("_id") ? d.getString("_id") : d.toJson())
                .collect(Collectors.toList());
    }

    private static Document document(Random random, int i) {
        Document d = new Document("_id", "id" + random.nextInt(1_000_000) + "-" + i)
                .append("tenant", random.nextInt(5) == 0 ? "b" : "a");
        if (random.nextInt(10) > 0) {
            d.append("customerId", "c" + random.nextInt(6));
        }
        d.append("occurredAt", date(random));
        switch (random.nextInt(
                12)) { // keys that do not tell their value (missing, a number) send a read to the document
            case 0 -> {}
            case 1 -> d.append("type", 7);
            default -> d.append("type", TYPES.get(random.nextInt(TYPES.size())));
        }
        if (random.nextInt(3) == 0) {
            d.append("ticketId", "T-" + random.nextInt(4));
        }
        switch (random.nextInt(5)) {
            case 0 -> d.append("n", random.nextInt(20));
            case 1 -> d.append("n", (long) random.nextInt(20));
            case 2 -> d.append("n", random.nextInt(40) / 2.0);
            case 3 -> d.append("n", null);
            default -> {}
        }
        if (random.nextInt(3) == 0) {
            List<String> tags = new ArrayList<>();
            for (int t = random.nextInt(4); t > 0; t--) {
                tags.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            d.append("tags", tags);
        } else if (random.nextInt(4) == 0) {
            d.append("tags", WORDS.get(random.nextInt(WORDS.size())));
        }
        if (random.nextInt(3) > 0) {
            Document detail = new Document("total", random.nextInt(100));
            if (random.nextBoolean()) {
                detail.append("status", WORDS.get(random.nextInt(WORDS.size())));
            }
            d.append("detail", random.nextInt(8) == 0 ? "not a document" : detail);
        }
        if (random.nextInt(6) == 0) {
            d.append(
                    "history",
                    List.of(new Document("total", 1).append("at", date(random)), new Document("at", date(random))));
        }
        d.append("search", WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size())));
        return d;
    }

    private static Date date(Random random) {
        return Date.from(T0.plusSeconds(60L * random.nextInt(40)));
    }

    private static Bson filter(Random random) {
        List<Bson> all = new ArrayList<>();
        if (random.nextInt(6) > 0) {
            all.add(Filters.eq("tenant", random.nextInt(4) == 0 ? "b" : "a"));
        }
        switch (random.nextInt(4)) {
            case 0 -> all.add(Filters.eq("customerId", "c" + random.nextInt(7)));
            case 1 -> all.add(Filters.in("customerId", List.of("c" + random.nextInt(6), "c" + random.nextInt(6))));
            case 2 -> all.add(Filters.eq("ticketId", "T-" + random.nextInt(5)));
            default -> {}
        }
        if (random.nextInt(3) == 0) {
            all.add(
                    random.nextBoolean()
                            ? Filters.in("type", TYPES.get(random.nextInt(4)), TYPES.get(random.nextInt(4)))
                            : Filters.nin("type", List.of(TYPES.get(random.nextInt(4)))));
        }
        if (random.nextInt(3) == 0) {
            all.add(Filters.gte("occurredAt", date(random)));
        }
        if (random.nextInt(3) == 0) {
            all.add(Filters.lte("occurredAt", date(random)));
        }
        if (random.nextInt(4) == 0) {
            Date at = date(random);
            all.add(Filters.or(
                    Filters.lt("occurredAt", at),
                    Filters.and(Filters.eq("occurredAt", at), Filters.lt("_id", "id" + random.nextInt(1_000_000)))));
        }
        if (random.nextInt(4) == 0) {
            all.add(Filters.regex("search", WORDS.get(random.nextInt(WORDS.size()))));
        }
        if (random.nextInt(5) == 0) {
            Number low = List.<Number>of(3, 3L, 2.5, 7).get(random.nextInt(4));
            all.add(random.nextBoolean() ? Filters.gt("n", low) : Filters.lte("n", low));
        }
        if (random.nextInt(6) == 0) {
            all.add(Filters.eq("n", List.<Number>of(4, 4L, 4.0, 5.5).get(random.nextInt(4))));
        }
        if (random.nextInt(5) == 0) {
            all.add(
                    random.nextBoolean()
                            ? Filters.eq("tags", WORDS.get(random.nextInt(WORDS.size())))
                            : Filters.in("tags", WORDS.get(random.nextInt(WORDS.size())), "nothing"));
        }
        if (random.nextInt(8) == 0) {
            all.add(Filters.exists("ticketId", random.nextBoolean()));
        }
        if (random.nextInt(4) == 0) { // a dotted key field, often null or missing in the key
            String status = WORDS.get(random.nextInt(WORDS.size()));
            all.add(
                    switch (random.nextInt(5)) {
                        case 0 -> Filters.eq("detail.status", status);
                        case 1 -> Filters.in("detail.status", status, "nothing");
                        case 2 -> Filters.eq("detail.status", null);
                        case 3 -> Filters.ne("detail.status", null);
                        default -> Filters.exists("detail.status", random.nextBoolean());
                    });
        }
        return all.isEmpty() ? new Document() : Filters.and(all);
    }

    private static Bson projection(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> com.mongodb.client.model.Projections.exclude("search");
            // Only key fields of customer_timeline: answered from its keys where it is the plan (covered).
            case 4 -> com.mongodb.client.model.Projections.include("tenant", "customerId", "occurredAt", "type");
            case 5 ->
                com.mongodb.client.model.Projections.fields(
                        com.mongodb.client.model.Projections.include("occurredAt", "type"),
                        com.mongodb.client.model.Projections.excludeId());
            case 1 -> com.mongodb.client.model.Projections.include("occurredAt", "type", "detail.total");
            case 2 -> com.mongodb.client.model.Projections.include("history.total", "n");
            case 3 ->
                com.mongodb.client.model.Projections.fields(
                        com.mongodb.client.model.Projections.include("tenant", "tags"),
                        com.mongodb.client.model.Projections.excludeId());
            default -> null;
        };
    }

    private static Bson sort(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> Sorts.ascending("occurredAt");
            case 2 -> Sorts.ascending("occurredAt", "_id");
            case 3 -> Sorts.ascending("n", "_id");
            default -> Sorts.descending("occurredAt", "_id");
        };
    }
}

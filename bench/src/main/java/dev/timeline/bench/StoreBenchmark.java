package dev.timeline.bench;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.events.store.Tickets;
import dev.timeline.ingest.write.TimelineIndexes;
import dev.timeline.query.Cursor;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.FilterParser;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import dev.timeline.query.Timelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The local stack's store with a real-size timeline: {@code events} entries (one customer with
 * {@code customerEvents} of them) loaded through the wire protocol into the wire store (its own JVM, data on disk)
 * and into mongo-java-server's memory backend (its own JVM); then each timeline read the services send, timed on
 * both, next to a plain {@code _id} lookup on the same store (the floor). Reports the wire store's RSS after loading
 * and after a restart on that data, and how long the restart took.
 */
final class StoreBenchmark {
    private static final int PAGE = 50;
    private static final Bson WITHOUT_SEARCH_TEXT = Projections.exclude(SEARCH, PART_IDS);

    private final int events;
    private final int customerEvents;
    private final int requests;
    private final String storeHeap;

    StoreBenchmark(int events, int customerEvents, int requests, String storeHeap) {
        this.events = events;
        this.customerEvents = customerEvents;
        this.requests = requests;
        this.storeHeap = storeHeap;
    }

    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("bench-wire-store");
        TimelineData data = new TimelineData(events, customerEvents);
        System.out.printf(
                Locale.ROOT,
                "store benchmark: %,d events (%,d for %s), %d requests per case, wire store -Xmx%s, %d cores%n",
                events,
                customerEvents,
                TimelineData.BIG,
                requests,
                storeHeap,
                Runtime.getRuntime().availableProcessors());

        double wireLoad;
        long[] rssLoaded;
        try (ChildJvm wire = wireStore(dataDir);
                MongoClient client = MongoClients.create(uri(wire, "WIRE STORE READY "))) {
            MongoDatabase db = client.getDatabase("timeline");
            TimelineIndexes.create(db, DEFAULT_COLLECTION);
            long t = System.nanoTime();
            data.load(db);
            wireLoad = (System.nanoTime() - t) / 1e9;
            rssLoaded = wire.rssMegabytes();
        }
        System.out.printf(
                Locale.ROOT,
                "wire store: loaded in %.1f s (%,.0f events/s through insertMany); RSS %d MB (peak %d MB); %d MB on disk%n",
                wireLoad,
                events / wireLoad,
                rssLoaded[0],
                rssLoaded[1],
                directoryBytes(dataDir) >> 20);

        try (ChildJvm wire = wireStore(dataDir);
                ChildJvm memory = ChildJvm.start(List.of("-Xmx8g"), "MEMORY STORE READY ", "memory-store");
                MongoClient wireClient = MongoClients.create(uri(wire, "WIRE STORE READY "));
                MongoClient memoryClient = MongoClients.create(uri(memory, "MEMORY STORE READY "))) {
            long[] rssStarted = wire.rssMegabytes();
            System.out.printf(
                    Locale.ROOT,
                    "wire store: restarted on that data in %.1f s, RSS %d MB%n",
                    wire.startSeconds(),
                    rssStarted[0]);
            MongoDatabase memoryDb = memoryClient.getDatabase("timeline");
            TimelineIndexes.create(memoryDb, DEFAULT_COLLECTION);
            long t = System.nanoTime();
            data.load(memoryDb);
            System.out.printf(Locale.ROOT, "memory backend: loaded in %.1f s%n", (System.nanoTime() - t) / 1e9);

            report(wireClient.getDatabase("timeline"), memoryDb);
            long[] rssAfter = wire.rssMegabytes();
            System.out.printf(
                    Locale.ROOT,
                    "wire store RSS after the requests: %d MB (peak since restart %d MB)%n",
                    rssAfter[0],
                    rssAfter[1]);
        }
    }

    private ChildJvm wireStore(Path dataDir) throws Exception {
        return ChildJvm.start(
                List.of("-Xmx" + storeHeap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50"),
                "WIRE STORE READY ",
                "wire-store",
                "--data-dir=" + dataDir,
                "--port=0");
    }

    private static String uri(ChildJvm child, String prefix) {
        return child.readyLine().substring(prefix.length()).strip();
    }

    private void report(MongoDatabase wire, MongoDatabase memory) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("first page", "");
        filters.put("q (text)", "q=cuoc goi nho");
        filters.put("type", "type=email.sent");
        filters.put("excludeType", "excludeType=crm.stage-changed");
        filters.put("source", "source=fixture/call");
        filters.put("excludeSource", "excludeSource=fixture/crm");
        filters.put("channel", "channel=zalo,phone");
        filters.put("direction", "direction=inbound");
        filters.put("staff", "staff=agent-07");
        filters.put("from/to", "from=2026-09-03&to=2026-12-31");
        System.out.println();
        System.out.println("| request | customer | wire store p50 ms | p99 ms | memory backend p50 ms | p99 ms |"
                + " wire/memory p50 | wire/_id floor p50 |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (String customer : List.of(TimelineData.smallCustomer(), TimelineData.BIG)) {
            double[] floor = measure(idLookup(wire, customer));
            row("_id lookup (floor)", customer, floor, measure(idLookup(memory, customer)), floor);
            for (var filter : filters.entrySet()) {
                row(
                        filter.getKey(),
                        customer,
                        measure(page(wire, customer, filter.getValue(), false)),
                        measure(page(memory, customer, filter.getValue(), false)),
                        floor);
            }
            row(
                    "next page",
                    customer,
                    measure(page(wire, customer, "", true)),
                    measure(page(memory, customer, "", true)),
                    floor);
            row(
                    "chart (whole history)",
                    customer,
                    measure(chart(wire, customer)),
                    measure(chart(memory, customer)),
                    floor);
        }
    }

    private static void row(String name, String customer, double[] wire, double[] memory, double[] floor) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f |%n",
                name,
                customer,
                wire[0],
                wire[1],
                memory[0],
                memory[1],
                wire[0] / memory[0],
                wire[0] / floor[0]);
    }

    /** What the timeline service reads for a page: resolve the customer, the page, its tickets' state. */
    private static Supplier<Integer> page(MongoDatabase db, String customer, String query, boolean secondPage) {
        MongoCollection<Document> timeline = db.getCollection(DEFAULT_COLLECTION);
        MongoCollection<Document> tickets = db.getCollection(Tickets.COLLECTION);
        CustomerResolver resolver = new CustomerResolver(db);
        TimelineFilter filter = filter(query);
        return () -> {
            ResolvedCustomer resolved = resolver.resolve(TimelineData.TENANT, customer);
            Bson criteria = TimelineCriteria.of(TimelineData.TENANT, Scope.customer(resolved), filter);
            List<Document> docs = read(timeline, criteria);
            if (secondPage && docs.size() > PAGE) {
                Document last = docs.get(PAGE - 1);
                Cursor after = new Cursor(last.getDate(OCCURRED_AT).toInstant(), last.getString(ID));
                docs = read(timeline, TimelineCriteria.after(criteria, after));
            }
            Timelines.ticketStates(tickets, TimelineData.TENANT, docs);
            if (docs.isEmpty()) {
                throw new IllegalStateException("an empty page for " + customer + " " + query);
            }
            return docs.size();
        };
    }

    private static List<Document> read(MongoCollection<Document> timeline, Bson criteria) {
        return timeline.find(criteria)
                .projection(WITHOUT_SEARCH_TEXT)
                .sort(TimelineCriteria.NEWEST_FIRST)
                .limit(PAGE + 1)
                .batchSize(PAGE + 1)
                .into(new ArrayList<>(PAGE + 1));
    }

    /**
     * The chart's reads, as {@code ChartBuilder} makes them: every entry of the customer newest first, time, channel and
     * kind each (covered by {@code customer_timeline}), then the score changes' totals.
     */
    private static Supplier<Integer> chart(MongoDatabase db, String customer) {
        MongoCollection<Document> timeline = db.getCollection(DEFAULT_COLLECTION);
        CustomerResolver resolver = new CustomerResolver(db);
        return () -> {
            ResolvedCustomer resolved = resolver.resolve(TimelineData.TENANT, customer);
            var criteria = TimelineCriteria.of(TimelineData.TENANT, Scope.customer(resolved), TimelineFilter.NONE);
            int n = 0;
            for (Document ignored : timeline.find(criteria)
                    .projection(Projections.fields(
                            Projections.include(OCCURRED_AT, CHANNEL, KIND), Projections.excludeId()))
                    .sort(TimelineCriteria.NEWEST_FIRST)
                    .batchSize(10_000)) {
                n++;
            }
            for (Document ignored : timeline.find(com.mongodb.client.model.Filters.and(
                            criteria,
                            com.mongodb.client.model.Filters.eq(
                                    TYPE, dev.timeline.events.EventType.SCORE_CHANGED.wire())))
                    .projection(Projections.fields(
                            Projections.include(OCCURRED_AT, DETAIL + ".total"), Projections.excludeId()))
                    .sort(TimelineCriteria.NEWEST_FIRST)
                    .batchSize(10_000)) {
                n++;
            }
            return n;
        };
    }

    /** One entry by primary key: the least any read can cost on this store. */
    private static Supplier<Integer> idLookup(MongoDatabase db, String customer) {
        MongoCollection<Document> timeline = db.getCollection(DEFAULT_COLLECTION);
        String id = timeline.find(
                        Filters.and(Filters.eq(TENANT, TimelineData.TENANT), Filters.eq(CUSTOMER_ID, customer)))
                .projection(Projections.include(ID))
                .limit(1)
                .first()
                .getString(ID);
        return () -> timeline.find(Filters.eq(ID, id)).into(new ArrayList<>()).size();
    }

    /** p50 and p99 in ms over sequential requests, after two warm-up calls. */
    private double[] measure(Supplier<Integer> call) {
        call.get();
        call.get();
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            call.get();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        return new double[] {
            millis[(int) Math.floor(0.5 * (requests - 1))], millis[(int) Math.ceil(0.99 * (requests - 1))]
        };
    }

    private static TimelineFilter filter(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.computeIfAbsent(kv[0], k -> new ArrayList<>())
                        .add(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return FilterParser.parse(params, java.util.Set.of(), ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    private static long directoryBytes(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

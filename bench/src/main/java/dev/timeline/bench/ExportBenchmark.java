package dev.timeline.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.export.format.ExportFormat;
import dev.timeline.export.format.RowWriter;
import dev.timeline.export.stream.ExportRows;
import dev.timeline.ingest.normalize.TimelineEntries;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Export throughput: the same cursor (the export's criteria, order and batch size) read and discarded, as the
 * baseline, then written as CSV and as XLSX to a byte counter; rows/s and the ratio. The store runs in a JVM of its own,
 * so this JVM's heap holds only the driver and the writers: the largest heap left after a collection during each run
 * is the export's footprint.
 */
final class ExportBenchmark {
    private final int rows;
    private final String storeHeap;

    ExportBenchmark(int rows, String storeHeap) {
        this.rows = rows;
        this.storeHeap = storeHeap;
    }

    void run() throws Exception {
        try (StoreProcess store = StoreProcess.start(storeHeap);
                MongoClient client = MongoClients.create(store.uri() + "/timeline")) {
            MongoCollection<Document> timeline =
                    client.getDatabase("timeline").getCollection(TimelineFields.DEFAULT_COLLECTION);
            load(timeline);
            ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
            var criteria = TimelineCriteria.of("bench", Scope.customer("cus-big"), TimelineFilter.NONE);
            System.out.printf(
                    Locale.ROOT,
                    "export benchmark: %,d rows of one customer, cursor batch 1000, %d cores, this JVM's max heap %,d MB,"
                            + " store in its own JVM (-Xmx%s)%n%n",
                    rows,
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024),
                    storeHeap);
            System.out.println("| path | rows/s | ratio to reading the cursor | live heap, max after a GC | GCs |");
            System.out.println("|---|---:|---:|---:|---:|");
            List<String> paths = List.of("cursor, rows discarded", "csv", "xlsx");
            for (String path : paths) { // warm-up: both JVMs' JIT, untimed
                export(timeline, criteria, zone, path, Math.min(rows, 50_000));
            }
            double baseline = 0;
            for (String path : paths) {
                System.gc();
                long start = System.nanoTime();
                try (LiveHeap heap = new LiveHeap()) {
                    long n = export(timeline, criteria, zone, path, rows);
                    double rate = n / ((System.nanoTime() - start) / 1e9);
                    if (baseline == 0) {
                        baseline = rate;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %,.0f | %.2f | %,d MB | %,d |%n",
                            path,
                            rate,
                            rate / baseline,
                            heap.max() / (1024 * 1024),
                            heap.collections());
                }
            }
        }
    }

    /** Reads up to {@code limit} rows of the export's cursor into the path's writer (none: discarded); the count. */
    private static long export(MongoCollection<Document> timeline, Bson criteria, ZoneId zone, String path, int limit)
            throws Exception {
        long n = 0;
        try (OutputStream sink = OutputStream.nullOutputStream();
                RowWriter writer = path.startsWith("cursor")
                        ? null
                        : ExportFormat.parse(path).open(sink)) {
            for (Document d : timeline.find(criteria)
                    .projection(Projections.exclude(TimelineFields.SEARCH))
                    .sort(TimelineCriteria.NEWEST_FIRST)
                    .limit(limit)
                    .batchSize(1000)) {
                if (writer != null) {
                    writer.write(ExportRows.of(d, zone));
                }
                n++;
            }
        }
        return n;
    }

    private void load(MongoCollection<Document> timeline) {
        TimelineEntries entries = new TimelineEntries();
        List<Document> batch = new ArrayList<>();
        int n = 0;
        while (n < rows) {
            for (TimelineEvent e : Events.everyType("bench", CustomerRef.id("cus-big"), "x" + n)) {
                if (n++ >= rows) {
                    break;
                }
                batch.add(entries.toDocument(e, Instant.now()));
                if (batch.size() == 1000) {
                    timeline.insertMany(batch, new InsertManyOptions().ordered(false));
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            timeline.insertMany(batch);
        }
    }
}

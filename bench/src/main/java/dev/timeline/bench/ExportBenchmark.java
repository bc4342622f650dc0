package dev.timeline.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;

/**
 * Export throughput: the same cursor (the export's criteria, order and batch size) read and discarded, as the
 * baseline, then written as CSV and as XLSX to a byte counter; rows/s and the ratio, and how much the heap's peak rose
 * above the loaded store's during each run.
 */
final class ExportBenchmark {
    private final int rows;

    ExportBenchmark(int rows) {
        this.rows = rows;
    }

    void run() throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString() + "/timeline";
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> timeline =
                    client.getDatabase("timeline").getCollection(TimelineFields.DEFAULT_COLLECTION);
            load(timeline);
            ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
            var criteria = TimelineCriteria.of("bench", Scope.customer("cus-big"), TimelineFilter.NONE);
            System.out.printf(
                    Locale.ROOT,
                    "export benchmark: %,d rows of one customer, cursor batch 1000, %d cores%n%n",
                    rows,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| path | rows/s | ratio to reading the cursor | heap peak above the loaded store |");
            System.out.println("|---|---:|---:|---:|");
            double baseline = 0;
            for (String path : List.of("cursor, rows discarded", "csv", "xlsx")) {
                System.gc();
                long before = heapUsed();
                resetPeaks();
                long start = System.nanoTime();
                long n = 0;
                try (OutputStream sink = OutputStream.nullOutputStream();
                        RowWriter writer = path.startsWith("cursor")
                                ? null
                                : ExportFormat.parse(path).open(sink)) {
                    for (Document d : timeline.find(criteria)
                            .projection(Projections.exclude(TimelineFields.SEARCH))
                            .sort(TimelineCriteria.NEWEST_FIRST)
                            .batchSize(1000)) {
                        if (writer != null) {
                            writer.write(ExportRows.of(d, zone));
                        }
                        n++;
                    }
                }
                double rate = n / ((System.nanoTime() - start) / 1e9);
                if (baseline == 0) {
                    baseline = rate;
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %,.0f | %.2f | %,d MB |%n",
                        path,
                        rate,
                        rate / baseline,
                        Math.max(0, peakHeap() - before) / (1024 * 1024));
            }
        } finally {
            server.shutdownNow();
        }
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

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }
}

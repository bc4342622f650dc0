package dev.timeline.wirestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.timeline.wirestore.log.StoreLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What survives when the store's process is killed (SIGKILL, no shutdown hook): every write acknowledged as journaled,
 * and a prefix of the rest; a half-written record at the end is cut off on the next start.
 */
class DurabilityTest {
    @TempDir
    Path data;

    @Test
    void keepsEveryJournaledWriteWhenTheProcessIsKilled() throws Exception {
        int port = freePort();
        Process store = startProcess(port);
        AtomicLong acknowledged = new AtomicLong(-1);
        AtomicLong attempted = new AtomicLong(-1);
        Thread writer = new Thread(() -> write(port, acknowledged, attempted));
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 3000);
        store.destroyForcibly().waitFor();
        writer.join(30_000);

        Process restarted = startProcess(port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> events = client.getDatabase("test").getCollection("events");
            Set<Long> stored = new TreeSet<>();
            events.find().forEach(d -> stored.add(d.getLong("_id")));
            long acked = acknowledged.get();

            assertThat(acked).isGreaterThanOrEqualTo(3000);
            for (long id = 0; id <= acked; id++) {
                assertThat(stored).as("acknowledged id %d", id).contains(id);
            }
            // One writer, one log in order: what is there is a prefix of what was sent.
            long last = stored.isEmpty() ? -1 : ((TreeSet<Long>) stored).last();
            assertThat(stored).hasSize((int) (last + 1));
            assertThat(last).isLessThanOrEqualTo(attempted.get());
        } finally {
            restarted.destroy();
            restarted.waitFor();
        }
    }

    /** Batches of 100 inserts, each followed by a journaled write: only then is the batch counted acknowledged. */
    private static void write(int port, AtomicLong acknowledged, AtomicLong attempted) {
        try (MongoClient client =
                MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000")) {
            MongoCollection<Document> events = client.getDatabase("test").getCollection("events");
            MongoCollection<Document> marks =
                    client.getDatabase("test").getCollection("marks").withWriteConcern(WriteConcern.JOURNALED);
            for (long next = 0; ; next += 100) {
                List<Document> batch = new ArrayList<>();
                for (long id = next; id < next + 100; id++) {
                    batch.add(new Document("_id", id).append("text", "x".repeat(200)));
                }
                attempted.set(next + 99);
                events.insertMany(batch);
                marks.updateOne(
                        Filters.eq("_id", "writer"),
                        Updates.set("upTo", next + 99),
                        new com.mongodb.client.model.UpdateOptions().upsert(true));
                acknowledged.set(next + 99);
            }
        } catch (MongoException killed) {
            // the store went away: what was acknowledged is what counts
        }
    }

    @Test
    void cutsOffATornWriteAtTheEndAndKeepsTheRest() throws Exception {
        try (WireStore store = WireStore.start(data, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(store.uri("test"))) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            for (int i = 0; i < 100; i++) {
                things.insertOne(new Document("_id", i));
            }
        }
        Path last;
        try (Stream<Path> files = Files.list(data)) {
            last = files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        long intact = Files.size(last);
        // A record whose write was interrupted: a plausible length, then nothing.
        Files.write(last, new byte[] {0, 0, 1, 0, 7, 7, 7, 7, 1, 0, 0}, StandardOpenOption.APPEND);

        try (WireStore store = WireStore.start(data, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(store.uri("test"))) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            assertThat(things.countDocuments()).isEqualTo(100);
            things.insertOne(new Document("_id", 100));
            assertThat(things.countDocuments()).isEqualTo(101);
        }
        assertThat(Files.size(last)).isGreaterThan(intact);
        try (WireStore store = WireStore.start(data, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(store.uri("test"))) {
            assertThat(client.getDatabase("test").getCollection("things").countDocuments())
                    .isEqualTo(101);
        }
    }

    @Test
    void compactionKeepsTheLiveDataAndDropsTheDead() throws Exception {
        StoreLog.Settings small = new StoreLog.Settings(1 << 20, Duration.ofMillis(100), 0.5, 1);
        long written;
        long after;
        try (WireStore store = WireStore.start(data, "127.0.0.1", 0, small);
                MongoClient client = MongoClients.create(store.uri("test"))) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            for (int round = 0; round < 5; round++) {
                List<Document> batch = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    batch.add(new Document("_id", i).append("round", round).append("pad", "p".repeat(300)));
                }
                if (round == 0) {
                    things.insertMany(batch);
                } else {
                    for (Document d : batch) {
                        things.replaceOne(Filters.eq("_id", d.get("_id")), d);
                    }
                }
            }
            things.deleteMany(Filters.lt("_id", 1000));
            // what was ever written (the background compaction may already have run: totalBytes would not say)
            written = store.storeLog().appended();
            store.storeLog().compact(true);
            after = store.storeLog().totalBytes();
            assertThat(things.countDocuments()).isEqualTo(1000);
        }
        assertThat(after).isLessThan(written / 3);
        try (WireStore store = WireStore.start(data, "127.0.0.1", 0, small);
                MongoClient client = MongoClients.create(store.uri("test"))) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            assertThat(things.countDocuments()).isEqualTo(1000);
            assertThat(things.countDocuments(Filters.eq("round", 4))).isEqualTo(1000);
            assertThat(things.find(Filters.eq("_id", 1500)).first()).containsEntry("round", 4);
            assertThat(things.find(Filters.lt("_id", 1000)).first()).isNull();
        }
    }

    private Process startProcess(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        WireStore.class.getName(),
                        "--data-dir=" + data,
                        "--port=" + port)
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("WIRE STORE READY")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("the store process exited with " + exitCode(process));
    }

    private static int exitCode(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.timeline.wirestore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The store's query lanes, over the wire with the real driver: one application's queries never wait for another's. */
class QueryLanesTest {

    @Test
    void anApplicationsQueriesDoNotQueueBehindAnothersButBehindItsOwn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger holding = new AtomicInteger();
        // A backend whose queries of the collection "held" wait until released: a burst of long scans, held open.
        MemoryBackend backend = new MemoryBackend() {
            @Override
            public de.bwaldvogel.mongo.bson.Document handleCommand(
                    Channel channel, String database, String command, de.bwaldvogel.mongo.bson.Document query) {
                if (command.equalsIgnoreCase("find") && "held".equals(query.get("find"))) {
                    holding.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.handleCommand(channel, database, command, query);
            }
        };
        ExecutorService callers = Executors.newCachedThreadPool();
        try (WireServer server = WireServer.bind(backend, new InetSocketAddress("127.0.0.1", 0), 2);
                MongoClient api = client(server, "timeline-service");
                MongoClient ingest = client(server, "ingest-service")) {
            api.getDatabase("d").getCollection("free").insertOne(new Document("_id", "row"));
            List<Future<Document>> held = new ArrayList<>();
            for (int i = 0; i < WireServer.READ_THREADS; i++) {
                held.add(callers.submit(() -> collection(api, "held").find().first()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> holding.get() == WireServer.READ_THREADS);
            Future<Document> queued =
                    callers.submit(() -> collection(api, "free").find().first());

            // Every query thread of the API's lane is taken; the ingest's queries have a lane of their own (in one
            // lane for all, they would wait for the release that never comes while the test waits for them).
            assertThat(callers.submit(() -> collection(ingest, "free").find().first())
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Document("_id", "row"));
            assertThat(callers.submit(() -> collection(ingest, "free").countDocuments())
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(1);
            assertThat(queued).isNotDone();
            assertThat(holding).hasValue(WireServer.READ_THREADS);

            release.countDown();
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(new Document("_id", "row"));
            for (Future<Document> f : held) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    private static MongoClient client(WireServer server, String application) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(
                        "mongodb://127.0.0.1:" + server.address().getPort()))
                .applicationName(application)
                .build());
    }

    private static MongoCollection<Document> collection(MongoClient client, String name) {
        return client.getDatabase("d").getCollection(name);
    }
}

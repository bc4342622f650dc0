package dev.timeline.ingest.correlate;

import static dev.timeline.events.store.TimelineFields.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EmailOpened;
import dev.timeline.events.Events;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.TimelineEvent;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.normalize.TimelineEntries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Many consumers adding parts to one head at the same moment (a campaign mail's opens arriving on several partitions):
 * the compare-and-set must keep every part, whatever the interleaving.
 */
class HeadWriterConcurrencyTest {
    static final int WRITERS = 8;
    static final int OPENS_EACH = 5;

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoTemplate mongo =
            new MongoTemplate(MongoClients.create(server.bindAndGetConnectionString()), "timeline");
    private final TimelineEntries entries = new TimelineEntries();

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @RepeatedTest(3)
    void concurrentRebuildsOfOneHeadKeepEveryPart() throws Exception {
        HeadWriter heads = new HeadWriter(mongo, properties(), CircuitBreaker.ofDefaults("test"));
        rebuildConcurrently(() -> heads);
    }

    /** As many instances as writers, each remembering what it wrote: none may trust its memory over the store. */
    @RepeatedTest(3)
    void concurrentRebuildsByInstancesOfTheirOwnKeepEveryPart() throws Exception {
        rebuildConcurrently(() -> new HeadWriter(mongo, properties(), CircuitBreaker.ofDefaults("test")));
    }

    private void rebuildConcurrently(java.util.function.Supplier<HeadWriter> writers) throws Exception {
        TimelineEvent sent = Events.emailSent("acme", CustomerRef.id("cus-1"), "m", Events.T0);
        String messageId = ((dev.timeline.events.EmailSent) sent.payload()).messageId();
        List<List<Document>> batches = new ArrayList<>();
        batches.add(List.of(part(sent)));
        for (int w = 0; w < WRITERS; w++) {
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < OPENS_EACH; i++) {
                batch.add(part(Events.event(
                        "acme",
                        CustomerRef.identity(IdentityKind.EMAIL, "khach@example.vn"),
                        "esp",
                        "open-" + w + "-" + i,
                        Events.T0.plusSeconds(60L * (w * OPENS_EACH + i + 1)),
                        new EmailOpened(messageId, null))));
            }
            batches.add(batch);
        }
        // As the pipeline does: parts are stored before their heads are rebuilt.
        batches.forEach(b -> mongo.getCollection(PARTS_COLLECTION).insertMany(b));

        ExecutorService pool = Executors.newFixedThreadPool(batches.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (List<Document> batch : batches) {
            HeadWriter heads = writers.get();
            done.add(pool.submit(() -> {
                start.await();
                heads.rebuild(batch, 0);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        Document head = mongo.getCollection(DEFAULT_COLLECTION)
                .find(Filters.eq(TYPE, "email.sent"))
                .first();
        assertThat(head).isNotNull();
        assertThat(head.getInteger(PART_COUNT)).isEqualTo(1 + WRITERS * OPENS_EACH);
        assertThat(head.get(DETAIL, Document.class)).containsEntry("openCount", WRITERS * OPENS_EACH);
        assertThat(head.getList(PART_IDS, String.class)).doesNotHaveDuplicates().hasSize(1 + WRITERS * OPENS_EACH);
        assertThat(head.getList(HISTORY, Document.class)).hasSize(1 + WRITERS * OPENS_EACH);
        assertThat(mongo.getCollection(DEFAULT_COLLECTION).countDocuments()).isEqualTo(1);
    }

    private Document part(TimelineEvent event) {
        Document document = entries.toDocument(event, Instant.now());
        return document.append(HEAD_ID, Folds.headId(document));
    }

    private static IngestProperties properties() {
        return IngestProperties.defaults();
    }
}

package dev.timeline.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventCodec;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.Topic;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.ingest.IngestApplication;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Ingest throughput from a real topic into the store, as a ratio to writing the same normalized documents straight
 * into the same kind of store with {@code insertMany} (the floor any Kafka-to-MongoDB pipeline pays), and to the
 * replace-with-upsert bulk that the MongoDB Kafka sink connector issues by default. Each measurement gets a fresh
 * in-process MongoDB-wire store (memory backend); the broker is a real single-node KRaft broker in the same JVM.
 *
 * <p>The pipeline is measured from a backlog: all events are on the topics before the listener starts, and the clock
 * runs from starting the listener until the last entry is stored, so Spring's start-up is not counted.
 */
final class IngestBenchmark {
    private final int eventCount;
    private final int batchSize;
    private final EventCodec codec = new EventCodec();

    IngestBenchmark(int eventCount, int batchSize) {
        this.eventCount = eventCount;
        this.batchSize = batchSize;
    }

    void run() throws Exception {
        List<TimelineEvent> events = events(eventCount);
        Instant received = Instant.now();
        TimelineEntries entries = new TimelineEntries();
        System.out.printf(
                Locale.ROOT,
                "ingest benchmark: %d events (%d customers, every type), bulk %d, %d cores%n",
                events.size(),
                events.size() / 100,
                batchSize,
                Runtime.getRuntime().availableProcessors());

        // Warm the JIT on the write paths with a tenth of the data, then measure.
        List<Document> warm = events.subList(0, events.size() / 10).stream()
                .map(e -> entries.toDocument(e, received))
                .toList();
        insertMany(warm);
        replaceUpsert(warm);

        List<Document> documents =
                events.stream().map(e -> entries.toDocument(e, received)).toList();
        // Best of two for each baseline: a first pass still ran partly on code the warm-up did not compile (the upsert
        // bulk, measured second, came out faster than the plain insert it does more work than).
        double insertRate = Math.max(insertMany(documents), insertMany(documents));
        double upsertRate = Math.max(replaceUpsert(documents), replaceUpsert(documents));
        double pipelineRate = pipeline(events);

        System.out.println();
        System.out.printf(Locale.ROOT, "| path | events/s | ratio to raw insertMany |%n|---|---:|---:|%n");
        System.out.printf(
                Locale.ROOT, "| raw insertMany of the normalized documents (baseline) | %,.0f | 1.00 |%n", insertRate);
        System.out.printf(
                Locale.ROOT,
                "| replace-one upsert bulk, the sink connector's write model | %,.0f | %.2f |%n",
                upsertRate,
                upsertRate / insertRate);
        System.out.printf(
                Locale.ROOT,
                "| ingest-service: Kafka topic → decode → normalize → store | %,.0f | %.2f |%n",
                pipelineRate,
                pipelineRate / insertRate);
    }

    /** Realistic mix: every type, 100 events per customer, unique ids. */
    static List<TimelineEvent> events(int count) {
        List<TimelineEvent> events = new ArrayList<>(count);
        int customer = 0;
        while (events.size() < count) {
            List<TimelineEvent> batch = Events.everyType(
                    "bench", CustomerRef.id("cus-" + (customer++ % (count / 100 + 1))), "b" + events.size());
            events.addAll(batch.subList(0, Math.min(batch.size(), count - events.size())));
        }
        return events;
    }

    private double insertMany(List<Document> documents) {
        try (Store store = new Store()) {
            long start = System.nanoTime();
            for (int i = 0; i < documents.size(); i += batchSize) {
                store.collection.insertMany(
                        copy(documents.subList(i, Math.min(documents.size(), i + batchSize))),
                        new InsertManyOptions().ordered(false));
            }
            return rate(documents.size(), start);
        }
    }

    private double replaceUpsert(List<Document> documents) {
        try (Store store = new Store()) {
            long start = System.nanoTime();
            for (int i = 0; i < documents.size(); i += batchSize) {
                List<WriteModel<Document>> models = new ArrayList<>();
                for (Document d : documents.subList(i, Math.min(documents.size(), i + batchSize))) {
                    models.add(new ReplaceOneModel<>(
                            Filters.eq("_id", d.get("_id")), new Document(d), new ReplaceOptions().upsert(true)));
                }
                store.collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
            }
            return rate(documents.size(), start);
        }
    }

    private double pipeline(List<TimelineEvent> events) throws Exception {
        String[] topics = Arrays.stream(Topic.values())
                .flatMap(t -> java.util.stream.Stream.of(t.topicName(), t.deadLetterName()))
                .toArray(String[]::new);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6, topics);
        broker.afterPropertiesSet();
        try (Store store = new Store()) {
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            broker.getBrokersAsString(),
                            ProducerConfig.LINGER_MS_CONFIG,
                            10,
                            ProducerConfig.BATCH_SIZE_CONFIG,
                            262_144,
                            ProducerConfig.COMPRESSION_TYPE_CONFIG,
                            "lz4"),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                awaitLeaders(producer, topics);
                for (TimelineEvent e : events) {
                    producer.send(
                            new ProducerRecord<>(e.type().topic().topicName(), e.partitionKey(), codec.encode(e)));
                }
            }
            SpringApplication app = new SpringApplication(IngestApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            try (ConfigurableApplicationContext context = app.run(
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--spring.mongodb.uri=" + store.uri,
                    "--spring.kafka.listener.auto-startup=false",
                    "--spring.kafka.consumer.max-poll-records=" + batchSize,
                    "--logging.level.root=WARN",
                    "--timeline.ingest.create-topics=false")) {
                var listeners = context.getBean(KafkaListenerEndpointRegistry.class);
                long start = System.nanoTime();
                listeners.start();
                // Joining the consumer group is a fixed cost, not throughput: the rate counts from the first entry.
                long firstStored = 0;
                Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
                long stored;
                var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                while ((stored = stored(meters)) < events.size()) {
                    if (firstStored == 0 && stored > 0) {
                        firstStored = System.nanoTime();
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the pipeline did not finish in 30 minutes");
                    }
                    Thread.sleep(20);
                }
                System.out.printf(
                        Locale.ROOT,
                        "pipeline: %.1f s from listener start (group join included), %.1f s from the first stored entry%n",
                        (System.nanoTime() - start) / 1e9,
                        (System.nanoTime() - firstStored) / 1e9);
                meters.find("timeline.ingest.stage")
                        .timers()
                        .forEach(t -> System.out.printf(
                                Locale.ROOT,
                                "  stage %-24s %8.1f s over %d batches%n",
                                t.getId().getTag("stage"),
                                t.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000,
                                t.count()));
                // Each event once: as an entry of its own, or as a part of a call or a mail (whose entry is rebuilt).
                long entries = store.collection.countDocuments(
                        com.mongodb.client.model.Filters.exists(TimelineFields.PART_COUNT, false));
                long parts = store.client
                        .getDatabase("timeline")
                        .getCollection(TimelineFields.PARTS_COLLECTION)
                        .countDocuments();
                if (entries + parts != events.size()) {
                    throw new IllegalStateException("the store does not hold exactly the events published");
                }
                return rate(events.size(), firstStored);
            }
        } finally {
            broker.destroy();
        }
    }

    /** Producing into partitions still being created can wedge an idempotent producer; wait until all have leaders. */
    private static void awaitLeaders(KafkaProducer<String, byte[]> producer, String[] topics)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        for (String topic : topics) {
            while (producer.partitionsFor(topic).stream()
                    .anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("no leader for every partition of " + topic);
                }
                Thread.sleep(100);
            }
        }
    }

    /** What the pipeline reports stored: cheap to read, unlike a count over a growing collection. */
    private static long stored(io.micrometer.core.instrument.MeterRegistry meters) {
        return (long) meters.find("timeline.ingest.stored").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static List<Document> copy(List<Document> documents) {
        return documents.stream().map(Document::new).toList();
    }

    private static double rate(int count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** A fresh in-process MongoDB-wire store, and a client to it. */
    private static final class Store implements AutoCloseable {
        final MongoServer server = new MongoServer(new MemoryBackend());
        final String uri = server.bindAndGetConnectionString() + "/timeline";
        final MongoClient client = MongoClients.create(uri);
        final MongoCollection<Document> collection =
                client.getDatabase("timeline").getCollection(TimelineFields.DEFAULT_COLLECTION);

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }
}

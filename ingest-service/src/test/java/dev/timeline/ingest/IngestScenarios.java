package dev.timeline.ingest;

import static dev.timeline.events.store.TimelineFields.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventCodec;
import dev.timeline.events.EventType;
import dev.timeline.events.Events;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.RejectReason;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.Topic;
import dev.timeline.ingest.deadletter.DeadLetterHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The ingest scenarios, run end to end through a real Kafka broker into a MongoDB-wire store. Subclasses provide the
 * broker and the store (in-process here, containers where Docker exists) and a way to take the store down. Each test
 * uses its own tenant, so the scenarios share one application context without seeing each other's data.
 */
@TestPropertySource(locations = "classpath:ingest-scenarios.properties")
abstract class IngestScenarios {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    final EventCodec codec = new EventCodec();
    KafkaProducer<String, byte[]> producer;
    MongoCollection<Document> timeline;

    /** Makes the store unreachable, as a crash or a network partition would. */
    abstract void stopStore() throws Exception;

    abstract void startStore() throws Exception;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
        timeline = mongo.getCollection(DEFAULT_COLLECTION);
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    @Test
    void storesEveryKindExactlyOnceNormalized() {
        String tenant = tenant();
        List<TimelineEvent> events = Events.everyType(tenant, CustomerRef.id("cus-001"), "e");

        publish(events);

        awaitCount(tenant, events.size());
        assertThat(timeline.distinct(TYPE, Filters.eq(TENANT, tenant), String.class))
                .containsExactlyInAnyOrderElementsOf(List.of(EventType.values()).stream()
                        .map(EventType::wire)
                        .toList());
        Document call = one(tenant, EventType.CALL_ENDED);
        assertThat(call.getString(CUSTOMER_ID)).isEqualTo("cus-001");
        assertThat(call.getString(CHANNEL)).isEqualTo("phone");
        assertThat(call.getString(DIRECTION)).isEqualTo("inbound");
        assertThat(call.getString(NAME)).isEqualTo("Cuộc gọi kết thúc");
        assertThat(call.getString(SUMMARY)).isEqualTo("Cuộc gọi đến · Đã trả lời · 3 phút 5 giây");
        assertThat(call.get(DETAIL, Document.class))
                .containsEntry("durationSeconds", 185L)
                .containsEntry("status", "answered");
        assertThat(call.get(STAFF, Document.class)).containsEntry("name", "Trần Thị Mai");
        assertThat(call.getDate(OCCURRED_AT).toInstant())
                .isEqualTo(events.get(EventType.CALL_ENDED.ordinal()).time());
        Document comment = one(tenant, EventType.TICKET_COMMENTED);
        assertThat(comment.getString(TICKET_ID)).isEqualTo("T-1001");
        assertThat(comment.getString(DIRECTION)).isEqualTo("internal");
        assertThat(comment.getString(CONTENT)).isEqualTo("Đã liên hệ kho, chờ phản hồi");
        Document mail = one(tenant, EventType.EMAIL_RECEIVED);
        assertThat(mail.getList(ATTACHMENTS, Document.class))
                .singleElement()
                .satisfies(
                        a -> assertThat(a).containsEntry("name", "hoa-don.pdf").containsEntry("sizeBytes", 48213L));
        assertThat(mail.get(DETAIL, Document.class)).containsEntry("subject", "Khiếu nại giao hàng");
        Document missed = one(tenant, EventType.CALL_MISSED);
        assertThat(missed.getString(SEARCH)).contains("cuoc goi nho");
    }

    @Test
    void keepsEachEventOnceWhenRepublishedShuffledAndDuplicated() {
        String tenant = tenant();
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var customer = CustomerRef.identity(IdentityKind.PHONE, "09123456" + (10 + i % 4));
            events.add(Events.callEnded(tenant, customer, "c" + i, Events.T0.plusSeconds(i)));
        }
        publish(events);
        awaitCount(tenant, events.size());
        double before = deduplicated();

        List<TimelineEvent> again = new ArrayList<>(events);
        again.addAll(events.subList(0, 10));
        Collections.shuffle(again, new Random(42));
        publish(again);

        await().atMost(PATIENCE).until(() -> deduplicated() - before >= again.size());
        assertThat(count(tenant)).isEqualTo(events.size());
        assertThat(timeline.distinct(CUSTOMER_ID, Filters.eq(TENANT, tenant), String.class))
                .containsExactlyInAnyOrder(
                        "anon:phone:+84912345610",
                        "anon:phone:+84912345611",
                        "anon:phone:+84912345612",
                        "anon:phone:+84912345613");
    }

    @Test
    void storesTheGoodRecordsOfABatchAndDeadLettersTheBadOnesWithTheirReason() throws Exception {
        String tenant = tenant();
        String key = tenant + "/cus-9";
        var customer = CustomerRef.id("cus-9");
        byte[] missingDuration = json(Events.callEnded(tenant, customer, "bad-3", Events.T0))
                .replace("\"durationSeconds\":205,", "")
                .getBytes(StandardCharsets.UTF_8);
        List<ProducerRecord<String, byte[]>> batch = List.of(
                record(Topic.CALLS, key, codec.encode(Events.callEnded(tenant, customer, "ok-1", Events.T0))),
                record(Topic.CALLS, key, "{\"specversion\":\"1.0\", oops".getBytes(StandardCharsets.UTF_8)),
                record(Topic.CALLS, key, codec.encode(Events.callEnded(tenant, customer, "ok-2", Events.T0))),
                record(
                        Topic.CALLS,
                        key,
                        json(Events.callEnded(tenant, customer, "bad-2", Events.T0))
                                .replace("call.ended", "call.beamed")
                                .getBytes(StandardCharsets.UTF_8)),
                record(Topic.CALLS, key, missingDuration),
                record(Topic.CALLS, key, codec.encode(Events.emailSent(tenant, customer, "bad-4", Events.T0))),
                record(Topic.CALLS, key, codec.encode(Events.callEnded(tenant, customer, "ok-3", Events.T0))));
        Map<String, Double> deadLetteredBefore = deadLetteredByReason();

        for (var r : batch) {
            producer.send(r);
        }
        producer.flush();

        awaitCount(tenant, 3);
        assertThat(timeline.distinct(EVENT_ID, Filters.eq(TENANT, tenant), String.class))
                .containsExactlyInAnyOrder("ok-1", "ok-2", "ok-3");
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(Topic.CALLS.deadLetterName(), key, 4);
        assertThat(letters)
                .extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactly(
                        RejectReason.MALFORMED_JSON.name(),
                        RejectReason.UNKNOWN_TYPE.name(),
                        RejectReason.SCHEMA_VIOLATION.name(),
                        RejectReason.WRONG_TOPIC.name());
        assertThat(header(letters.get(2), DeadLetterHeaders.MESSAGE)).isEqualTo("data.durationSeconds: is required");
        assertThat(header(letters.get(3), DeadLetterHeaders.MESSAGE)).contains("belongs on timeline.emails");
        assertThat(letters.get(2).value()).isEqualTo(missingDuration);
        assertThat(header(letters.get(0), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topic.CALLS.topicName());
        assertThat(Long.parseLong(header(letters.get(0), DeadLetterHeaders.ORIGINAL_OFFSET)))
                .isNotNegative();
        Map<String, Double> deadLetteredAfter = deadLetteredByReason();
        assertThat(deadLetteredAfter.get("SCHEMA_VIOLATION") - deadLetteredBefore.getOrDefault("SCHEMA_VIOLATION", 0.0))
                .isEqualTo(1.0);
        assertThat(deadLetteredAfter.get("MALFORMED_JSON") - deadLetteredBefore.getOrDefault("MALFORMED_JSON", 0.0))
                .isEqualTo(1.0);
    }

    @Test
    void pausesWhileTheStoreIsDownAndResumesWithNothingLostOrDoubled() throws Exception {
        String tenant = tenant();
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            var customer = CustomerRef.id("cus-" + (i % 7));
            events.add(Events.messageReceived(tenant, customer, "m" + i, Events.T0.plusSeconds(i)));
        }
        publish(events.subList(0, 100));
        awaitCount(tenant, 100);

        long committedBefore = committedOffsets(Topic.MESSAGES);
        double failedBefore = failedStoreCalls();
        stopStore();
        try {
            publish(events.subList(100, 300));
            // The consumer tries, the store refuses, the batch is retried with back-off: at least twice here.
            await().atMost(PATIENCE).until(() -> failedStoreCalls() - failedBefore >= 2);
            assertThat(committedOffsets(Topic.MESSAGES)).isEqualTo(committedBefore);
        } finally {
            startStore();
        }

        awaitCount(tenant, 300);
        assertThat(timeline.distinct(EVENT_ID, Filters.eq(TENANT, tenant), String.class))
                .hasSize(300);
        await().atMost(PATIENCE).until(() -> committedOffsets(Topic.MESSAGES) >= committedBefore + 200);
        assertThat(count(tenant)).isEqualTo(300);
    }

    // --- helpers

    static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    void publish(List<TimelineEvent> events) {
        for (TimelineEvent e : events) {
            producer.send(record(e.type().topic(), e.partitionKey(), codec.encode(e)));
        }
        producer.flush();
    }

    static ProducerRecord<String, byte[]> record(Topic topic, String key, byte[] value) {
        return new ProducerRecord<>(topic.topicName(), key, value);
    }

    String json(TimelineEvent e) {
        return new String(codec.encode(e), StandardCharsets.UTF_8);
    }

    long count(String tenant) {
        return timeline.countDocuments(Filters.eq(TENANT, tenant));
    }

    void awaitCount(String tenant, long expected) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(tenant)).isEqualTo(expected));
    }

    Document one(String tenant, EventType type) {
        return timeline.find(Filters.and(Filters.eq(TENANT, tenant), Filters.eq(TYPE, type.wire())))
                .first();
    }

    double deduplicated() {
        return meters.find("timeline.ingest.deduplicated").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    double failedStoreCalls() {
        return meters
                        .find("resilience4j.circuitbreaker.calls")
                        .tag("kind", "failed")
                        .tag("name", "timeline-store")
                        .timers()
                        .stream()
                        .mapToDouble(t -> t.count())
                        .sum()
                + meters
                        .find("resilience4j.circuitbreaker.not.permitted.calls")
                        .tag("name", "timeline-store")
                        .counters()
                        .stream()
                        .mapToDouble(c -> c.count())
                        .sum();
    }

    Map<String, Double> deadLetteredByReason() {
        Map<String, Double> byReason = new HashMap<>();
        meters.find("timeline.ingest.dead.lettered")
                .counters()
                .forEach(c -> byReason.merge(c.getId().getTag("reason"), c.count(), Double::sum));
        return byReason;
    }

    /** The sum of the ingest group's committed offsets on a topic's partitions. */
    long committedOffsets(Topic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("timeline-ingest")
                    .partitionsToOffsetAndMetadata()
                    .get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic.topicName()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String topic, String key, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlt-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

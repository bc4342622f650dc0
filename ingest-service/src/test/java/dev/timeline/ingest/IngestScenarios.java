package dev.timeline.ingest;

import static dev.timeline.events.store.TimelineFields.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import dev.timeline.events.CallAnswered;
import dev.timeline.events.CallEnded;
import dev.timeline.events.CallMissed;
import dev.timeline.events.CallRecordingReady;
import dev.timeline.events.CallStarted;
import dev.timeline.events.CustomerErased;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.Direction;
import dev.timeline.events.EmailClicked;
import dev.timeline.events.EmailDelivered;
import dev.timeline.events.EmailOpened;
import dev.timeline.events.EmailSent;
import dev.timeline.events.EventCodec;
import dev.timeline.events.EventType;
import dev.timeline.events.Events;
import dev.timeline.events.Identity;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.IdentityUnlinked;
import dev.timeline.events.MergeUndone;
import dev.timeline.events.RejectReason;
import dev.timeline.events.TicketCreated;
import dev.timeline.events.TicketPriority;
import dev.timeline.events.TicketPriorityChanged;
import dev.timeline.events.TicketStatus;
import dev.timeline.events.TicketStatusChanged;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.Topic;
import dev.timeline.events.store.CustomerLinks;
import dev.timeline.events.store.Erasures;
import dev.timeline.events.store.Tickets;
import dev.timeline.ingest.deadletter.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
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

    @Value("${spring.kafka.consumer.group-id}")
    String groupId;

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

        // call-1's four events are one call, the sent mail's four one mail: 6 entries fewer than events.
        awaitCount(tenant, events.size() - 6);
        assertThat(timeline.distinct(TYPE, Filters.eq(TENANT, tenant), String.class))
                .containsExactlyInAnyOrderElementsOf(EventType.interactions().stream()
                        .filter(t -> !FOLDED_AWAY.contains(t))
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
                .containsEntry("status", "answered")
                .containsEntry("recordingUrl", "https://rec.example.vn/call-1.mp3");
        assertThat(call.getList(HISTORY, Document.class))
                .extracting(h -> h.getString("type"))
                .containsExactly("call.started", "call.answered", "call.ended", "call.recording-ready");
        assertThat(call.get(STAFF, Document.class)).containsEntry("name", "Trần Thị Mai");
        assertThat(call.getDate(OCCURRED_AT).toInstant())
                .as("a call is shown when it started")
                .isEqualTo(events.get(EventType.CALL_STARTED.ordinal()).time());
        Document sent = one(tenant, EventType.EMAIL_SENT);
        assertThat(sent.get(DETAIL, Document.class))
                .containsEntry("delivered", true)
                .containsEntry("opened", true)
                .containsEntry("openCount", 1)
                .containsEntry("clickCount", 1)
                .containsEntry("clickedUrls", List.of("https://shop.vn/don-hang/1024"));
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
        assertThat(mongo.getCollection(PARTS_COLLECTION).countDocuments(Filters.eq(TENANT, tenant)))
                .isEqualTo(9);
    }

    private static final java.util.Set<EventType> FOLDED_AWAY = java.util.Set.of(
            EventType.CALL_STARTED,
            EventType.CALL_ANSWERED,
            EventType.CALL_RECORDING_READY,
            EventType.EMAIL_DELIVERED,
            EventType.EMAIL_OPENED,
            EventType.EMAIL_CLICKED);

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
    void readsBinaryContentModeWithTheSameIdsAsStructuredMode() throws Exception {
        String tenant = tenant();
        var customer = CustomerRef.id("cus-b");
        TimelineEvent event = Events.messageReceived(tenant, customer, "binary-1", Events.T0);
        var structured = new com.fasterxml.jackson.databind.ObjectMapper().readTree(codec.encode(event));
        var binary = new ProducerRecord<>(
                Topic.MESSAGES.topicName(),
                event.partitionKey(),
                structured.get("data").toString().getBytes(StandardCharsets.UTF_8));
        for (String name : List.of("specversion", "id", "source", "type", "time", "tenant")) {
            binary.headers().add("ce_" + name, structured.get(name).asText().getBytes(StandardCharsets.UTF_8));
        }
        binary.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        producer.send(binary).get();
        awaitCount(tenant, 1);
        Document stored = timeline.find(Filters.eq(TENANT, tenant)).first();
        assertThat(stored.getString(EVENT_ID)).isEqualTo("binary-1");
        assertThat(stored.getString(CONTENT)).isEqualTo("Chào shop, đơn hàng của tôi đâu rồi?");

        // The same event again, structured: the same id, so the same entry.
        publish(List.of(event));
        TimelineEvent next = Events.messageReceived(tenant, customer, "binary-2", Events.T0.plusSeconds(1));
        publish(List.of(next));
        awaitCount(tenant, 2);
        assertThat(timeline.distinct(EVENT_ID, Filters.eq(TENANT, tenant), String.class))
                .containsExactlyInAnyOrder("binary-1", "binary-2");
        // Same key, same partition: the redelivery was handled before binary-2, and stored nothing.
        assertThat(timeline.countDocuments(Filters.eq(TENANT, tenant))).isEqualTo(2);
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

    @Test
    void foldsACallsEventsIntoOneEntryInAnyOrderWithRedeliveries() {
        String tenant = tenant();
        var byPhone = CustomerRef.identity(IdentityKind.PHONE, "0912 345 678");
        var known = CustomerRef.id("cus-7");
        List<TimelineEvent> inOrder = call(tenant, byPhone, known, "in-order");
        List<TimelineEvent> shuffled = new ArrayList<>(call(tenant, byPhone, known, "shuffled"));
        shuffled.addAll(shuffled.subList(0, 2));
        Collections.reverse(shuffled);

        publish(inOrder);
        publish(shuffled);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                timeline.find(Filters.and(Filters.eq(TENANT, tenant), Filters.eq(PART_COUNT, 4)))
                                        .into(new ArrayList<>()))
                        .hasSize(2));
        assertThat(count(tenant)).isEqualTo(2);
        List<Document> calls = timeline.find(Filters.eq(TENANT, tenant)).into(new ArrayList<>());
        for (Document call : calls) {
            assertThat(call.getString(TYPE)).isEqualTo("call.ended");
            assertThat(call.getString(CUSTOMER_ID))
                    .as("rang from a number, ended on a CRM record: the call is the customer's")
                    .isEqualTo("cus-7");
            assertThat(call.getDate(OCCURRED_AT).toInstant()).isEqualTo(Events.T0);
            assertThat(call.get(DETAIL, Document.class))
                    .containsEntry("status", "answered")
                    .containsEntry("durationSeconds", 185L)
                    .containsEntry("hotline", "1900 1234")
                    .containsEntry("recordingUrl", "https://rec.example.vn/rec.mp3");
        }
        assertThat(strip(calls.get(0))).isEqualTo(strip(calls.get(1)));
    }

    @Test
    void aMissedCallStaysMissedWhenItsEndArrivesAfterwards() {
        String tenant = tenant();
        var customer = CustomerRef.id("cus-8");
        publish(List.of(
                Events.event(
                        tenant,
                        customer,
                        "pbx",
                        "m2",
                        Events.T0.plusSeconds(30),
                        new CallEnded("call-m", Direction.INBOUND, null, CallEnded.Outcome.MISSED, 0L, null)),
                Events.event(
                        tenant,
                        customer,
                        "pbx",
                        "m1",
                        Events.T0.plusSeconds(25),
                        new CallMissed("call-m", Direction.INBOUND, null, 25L)),
                Events.event(
                        tenant, customer, "pbx", "m0", Events.T0, new CallStarted("call-m", Direction.INBOUND, null))));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(one(tenant, EventType.CALL_MISSED))
                        .isNotNull()
                        .satisfies(d -> assertThat(d.get(PART_COUNT)).isEqualTo(3)));
        Document missed = one(tenant, EventType.CALL_MISSED);
        assertThat(missed.getString(SUMMARY)).isEqualTo("Cuộc gọi đến · Nhỡ sau 25 giây");
        assertThat(missed.get(DETAIL, Document.class)).containsEntry("status", "missed");
        assertThat(count(tenant)).isEqualTo(1);
    }

    @Test
    void emailTrackingUpdatesTheSentEntryAlsoWhenOpensArriveFirst() {
        String tenant = tenant();
        var customer = CustomerRef.id("cus-9");
        // The tracking pixel only knows the address, in another case: another key, another partition.
        var byAddress = CustomerRef.identity(IdentityKind.EMAIL, "Khach@Example.VN");
        TimelineEvent sent = Events.emailSent(tenant, customer, "mail-1", Events.T0);
        String messageId = ((EmailSent) sent.payload()).messageId();
        List<TimelineEvent> early = List.of(
                Events.event(
                        tenant, byAddress, "esp", "o1", Events.T0.plusSeconds(600), new EmailOpened(messageId, null)),
                Events.event(
                        tenant, byAddress, "esp", "o2", Events.T0.plusSeconds(900), new EmailOpened(messageId, null)),
                Events.event(
                        tenant,
                        byAddress,
                        "esp",
                        "c1",
                        Events.T0.plusSeconds(960),
                        new EmailClicked(messageId, "https://shop.vn/sp/1")));

        publish(early);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(one(tenant, EventType.EMAIL_OPENED))
                        .as("before the send arrives, the open stands for the mail")
                        .isNotNull()
                        .satisfies(d -> assertThat(d.get(PART_COUNT)).isEqualTo(3)));
        publish(List.of(sent, sent));
        publish(List.of(
                early.get(0),
                Events.event(tenant, customer, "esp", "d1", Events.T0.plusSeconds(5), new EmailDelivered(messageId))));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(one(tenant, EventType.EMAIL_SENT))
                        .isNotNull()
                        .satisfies(d -> assertThat(d.get(PART_COUNT)).isEqualTo(5)));
        assertThat(count(tenant)).isEqualTo(1);
        Document mail = one(tenant, EventType.EMAIL_SENT);
        assertThat(mail.getString(CUSTOMER_ID)).isEqualTo("cus-9");
        assertThat(mail.getString(SUMMARY)).isEqualTo("Xác nhận đơn hàng #1024");
        assertThat(mail.get(DETAIL, Document.class))
                .containsEntry("opened", true)
                .containsEntry("openCount", 2)
                .containsEntry("firstOpenedAt", java.util.Date.from(Events.T0.plusSeconds(600)))
                .containsEntry("lastOpenedAt", java.util.Date.from(Events.T0.plusSeconds(900)))
                .containsEntry("delivered", true)
                .containsEntry("clickCount", 1);
    }

    @Test
    void aTicketKeepsItsNewestPriorityAndStatusWhateverTheArrivalOrder() {
        String tenant = tenant();
        var b = TimelineEvent.builder(tenant, CustomerRef.id("cus-10"))
                .source("helpdesk")
                .ticket("T-9");
        TimelineEvent created =
                b.build("t0", Events.T0, new TicketCreated("Đổi hàng", TicketPriority.NORMAL, TicketStatus.NEW, null));
        TimelineEvent urgent = b.build(
                "t1",
                Events.T0.plusSeconds(60),
                new TicketPriorityChanged(TicketPriority.NORMAL, TicketPriority.URGENT));
        TimelineEvent open = b.build(
                "t2", Events.T0.plusSeconds(120), new TicketStatusChanged(TicketStatus.NEW, TicketStatus.OPEN, null));
        TimelineEvent solved = b.build(
                "t3",
                Events.T0.plusSeconds(180),
                new TicketStatusChanged(TicketStatus.OPEN, TicketStatus.SOLVED, 180L));

        publish(List.of(solved, created, urgent, open, created, solved));

        awaitCount(tenant, 4);
        // The ticket's state is written after its entries, possibly by a later batch: wait for it too.
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mongo.getCollection(Tickets.COLLECTION)
                                .find(Filters.eq("_id", Tickets.id(tenant, "T-9")))
                                .first())
                        .isNotNull()
                        .containsEntry(Tickets.TITLE, "Đổi hàng")
                        .containsEntry(Tickets.PRIORITY, "urgent")
                        .containsEntry(Tickets.STATUS, "solved")
                        .containsEntry(Tickets.CUSTOMER_ID, "cus-10"));
    }

    @Test
    void linksAndMergesKeepTheNewestStateWhateverTheArrivalOrderAndMergesAreLogged() {
        String tenant = tenant();
        var zalo = new Identity(IdentityKind.ZALO, "4088");
        TimelineEvent toA = Events.control(tenant, "cus-a", "l1", Events.T0, new IdentityLinked(zalo));
        TimelineEvent toB = Events.control(tenant, "cus-b", "l2", Events.T0.plusSeconds(60), new IdentityLinked(zalo));
        TimelineEvent merge =
                Events.control(tenant, "cus-a", "g1", Events.T0.plusSeconds(120), new CustomersMerged("cus-b"));
        TimelineEvent undo =
                Events.control(tenant, "cus-a", "g2", Events.T0.plusSeconds(180), new MergeUndone("cus-b"));

        publish(List.of(toB, undo, toA, merge, undo));

        awaitCount(tenant, 4);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mongo.getCollection(CustomerLinks.MERGE_LOG)
                                .countDocuments(Filters.eq(CustomerLinks.TENANT, tenant)))
                        .isEqualTo(2));
        // The links and merges sit on two partitions (keys cus-a and cus-b): wait for both consumers.
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mongo.getCollection(CustomerLinks.IDENTITIES)
                                .find(Filters.eq("_id", CustomerLinks.identityId(tenant, zalo.key())))
                                .first())
                        .isNotNull()
                        .containsEntry(CustomerLinks.CUSTOMER_ID, "cus-b"));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mongo.getCollection(CustomerLinks.MERGES)
                                .find(Filters.eq("_id", CustomerLinks.mergeId(tenant, "cus-b")))
                                .first())
                        .isNotNull()
                        .containsEntry(CustomerLinks.MERGED_INTO, "cus-a")
                        .containsEntry(CustomerLinks.ACTIVE, false));

        // Unlinked later: the identity's events are the anonymous contact's again; an older link arriving late
        // (a redelivery of l1) does not bring it back.
        publish(List.of(
                Events.control(tenant, "cus-b", "u1", Events.T0.plusSeconds(240), new IdentityUnlinked(zalo)), toA));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mongo.getCollection(CustomerLinks.IDENTITIES)
                                .find(Filters.eq("_id", CustomerLinks.identityId(tenant, zalo.key())))
                                .first())
                        .doesNotContainKey(CustomerLinks.CUSTOMER_ID)
                        .containsEntry(CustomerLinks.EVENT_ID, "u1"));
    }

    @Test
    void anEraseRemovesTheCustomersEntriesIdentitiesMergesAndExportsAndKeepsARecordWithoutThem() {
        String tenant = tenant();
        var zalo = new Identity(IdentityKind.ZALO, "7001");
        List<TimelineEvent> history = new ArrayList<>(List.of(
                Events.control(tenant, "cus-x", "l1", Events.T0, new IdentityLinked(zalo)),
                Events.control(tenant, "cus-x", "g1", Events.T0, new CustomersMerged("cus-old")),
                Events.messageReceived(tenant, CustomerRef.identity(IdentityKind.ZALO, "7001"), "z1", Events.T0),
                Events.messageReceived(tenant, CustomerRef.id("cus-old"), "o1", Events.T0),
                Events.emailSent(tenant, CustomerRef.id("cus-x"), "x1", Events.T0)));
        history.addAll(Events.everyType(tenant, CustomerRef.id("cus-x"), "x"));
        TimelineEvent bystander = Events.messageReceived(tenant, CustomerRef.id("cus-y"), "y1", Events.T0);
        history.add(bystander);
        publish(history);
        awaitCount(tenant, history.size() - 6); // everyType's call and mail fold 6 events away
        GridFSBucket files = GridFSBuckets.create(mongo.getDb(), Erasures.EXPORT_BUCKET);
        var file = files.uploadFromStream("timeline-cus-x.csv", new java.io.ByteArrayInputStream(new byte[] {1}));
        mongo.getCollection(Erasures.EXPORT_JOBS)
                .insertOne(new Document("_id", tenant + "-job")
                        .append("tenant", tenant)
                        .append("customerId", "cus-x")
                        .append("fileId", file));
        // A whole-tenant export still being written: its upload so far is chunks without a file.
        var upload = files.openUploadStream("timeline-" + tenant + ".csv");
        upload.write(new byte[300 * 1024]);
        mongo.getCollection(Erasures.EXPORT_JOBS)
                .insertOne(new Document("_id", tenant + "-running")
                        .append("tenant", tenant)
                        .append("customerId", null)
                        .append("status", "running")
                        .append("uploadId", upload.getObjectId()));
        var chunks = mongo.getCollection(Erasures.EXPORT_BUCKET + ".chunks");
        assertThat(chunks.countDocuments(Filters.eq("files_id", upload.getObjectId())))
                .isPositive();

        publish(List.of(Events.control(
                tenant, "cus-old", "erase-1", Events.T0.plusSeconds(3600), new CustomerErased("DSR-77"))));

        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(timeline.distinct(CUSTOMER_ID, Filters.eq(TENANT, tenant), String.class))
                                .containsExactly("cus-y"));
        // The erase record is written last: once it is there, everything else is gone.
        Document record = await().atMost(PATIENCE)
                .until(
                        () -> mongo.getCollection(Erasures.COLLECTION)
                                .find(Filters.eq("tenant", tenant))
                                .first(),
                        java.util.Objects::nonNull);
        for (String collection : List.of(
                PARTS_COLLECTION,
                Tickets.COLLECTION,
                CustomerLinks.IDENTITIES,
                CustomerLinks.MERGES,
                CustomerLinks.MERGE_LOG,
                Erasures.EXPORT_JOBS)) {
            assertThat(mongo.getCollection(collection).countDocuments(Filters.eq("tenant", tenant)))
                    .as(collection)
                    .isZero();
        }
        assertThat(files.find(Filters.eq("_id", file)).first()).isNull();
        assertThat(chunks.countDocuments(Filters.eq("files_id", upload.getObjectId())))
                .isZero();
        assertThat(record).isNotNull().containsEntry("requestId", "DSR-77");
        assertThat(record.toJson()).doesNotContain("cus-", "7001");
        assertThat(record.get("deleted", Document.class).getLong("identities")).isEqualTo(1L);
        assertThat(mongo.getCollection(Erasures.ERASED_CUSTOMERS).countDocuments(Filters.eq("tenant", tenant)))
                .isEqualTo(2); // cus-x and cus-old, as hashes
        assertThat(mongo.getCollection(Erasures.ERASED_CUSTOMERS)
                        .find(Filters.eq("tenant", tenant))
                        .first()
                        .toJson())
                .doesNotContain("cus-");

        // Late arrivals (in flight on other topics, replays) of either id are dropped, not stored again.
        double suppressedBefore = suppressed();
        publish(List.of(
                Events.messageReceived(tenant, CustomerRef.id("cus-x"), "late-1", Events.T0.plusSeconds(7200)),
                Events.emailSent(tenant, CustomerRef.id("cus-old"), "late-2", Events.T0.plusSeconds(7200)),
                Events.control(
                        tenant,
                        "cus-x",
                        "late-3",
                        Events.T0.plusSeconds(7200),
                        new IdentityLinked(new Identity(IdentityKind.ZALO, "7002")))));
        await().atMost(PATIENCE).until(() -> suppressed() - suppressedBefore >= 3);
        assertThat(timeline.distinct(CUSTOMER_ID, Filters.eq(TENANT, tenant), String.class))
                .containsExactly("cus-y");
        assertThat(mongo.getCollection(CustomerLinks.IDENTITIES).countDocuments(Filters.eq("tenant", tenant)))
                .isZero();
    }

    private double suppressed() {
        return meters.find("timeline.ingest.suppressed").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** A call that rang from a number and was answered and recorded on the CRM customer's record. */
    private static List<TimelineEvent> call(String tenant, CustomerRef byPhone, CustomerRef known, String callId) {
        return List.of(
                Events.event(
                        tenant,
                        byPhone,
                        "pbx",
                        callId + "-0",
                        Events.T0,
                        new CallStarted(callId, Direction.INBOUND, "1900 1234")),
                Events.event(
                        tenant,
                        byPhone,
                        "pbx",
                        callId + "-1",
                        Events.T0.plusSeconds(8),
                        new CallAnswered(callId, Direction.INBOUND, "1900 1234")),
                TimelineEvent.builder(tenant, known)
                        .source("pbx")
                        .staff(Events.AGENT)
                        .build(
                                callId + "-2",
                                Events.T0.plusSeconds(193),
                                new CallEnded(
                                        callId,
                                        Direction.INBOUND,
                                        "1900 1234",
                                        CallEnded.Outcome.ANSWERED,
                                        185L,
                                        null)),
                Events.event(
                        tenant,
                        known,
                        "pbx",
                        callId + "-3",
                        Events.T0.plusSeconds(260),
                        new CallRecordingReady(callId, Direction.INBOUND, "https://rec.example.vn/rec.mp3", 185L)));
    }

    /** A head without what differs between two calls made of equal events: ids, receive times. */
    private static Document strip(Document head) {
        Document copy = new Document(head);
        for (String field : List.of(ID, EVENT_ID, RECEIVED_AT, CORRELATION_ID, PART_IDS)) {
            copy.remove(field);
        }
        Document detail = new Document(copy.get(DETAIL, Document.class));
        detail.remove("callId");
        copy.put(DETAIL, detail);
        return copy;
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
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
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

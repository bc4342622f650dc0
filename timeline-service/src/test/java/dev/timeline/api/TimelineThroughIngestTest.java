package dev.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import de.bwaldvogel.mongo.MongoServer;
import dev.timeline.events.CustomerErased;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.EventCodec;
import dev.timeline.events.Events;
import dev.timeline.events.Identity;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.MergeUndone;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TimelineEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end: events published to a real Kafka broker, written by the real ingest service (its jar, in its own JVM),
 * read over HTTP from this service. Two tenants hold look-alike data; each must see only its own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "timeline.web.api-keys=acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163,"
                    + "globex:f2a455b59b858a04c51108416af2042203cb6ac35fa4141fba4148bc856e78d4",
            "timeline.api.cursor-secret=integration-cursor-secret"
        })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelineThroughIngestTest {
    static final MongoServer STORE = StoredEvents.startStore();
    /** everyType's events, less the six that fold into call-1 and the sent mail. */
    static final int PER_CUSTOMER =
            Events.everyType("x", CustomerRef.id("x"), "x").size() - 6;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> StoredEvents.uri(STORE));
    }

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @LocalServerPort
    int port;

    IngestProcess ingest;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void publishThroughKafkaAndWaitForIngest() throws Exception {
        ingest = new IngestProcess(bootstrapServers, StoredEvents.uri(STORE));
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-a"), "a"));
        events.addAll(Events.everyType("globex", CustomerRef.id("cus-g"), "g"));
        // A ticket only acme has (both tenants' fixtures also share the ticket id T-1001).
        events.add(TimelineEvent.builder("acme", CustomerRef.id("cus-a2"))
                .source("helpdesk")
                .ticket("T-ACME")
                .build(
                        "only-acme",
                        Events.T0,
                        new TicketCommented("Chỉ acme thấy", TicketCommented.Visibility.PUBLIC)));
        publish(events);
        await().atMost(Duration.ofSeconds(120))
                .until(() ->
                        count("acme-key", "cus-a") == PER_CUSTOMER && count("globex-key", "cus-g") == PER_CUSTOMER);
    }

    @AfterAll
    void stop() throws Exception {
        ingest.close();
        STORE.shutdownNow();
    }

    @Test
    void walksTheWholeTimelineNewestFirstInPages() throws Exception {
        List<String> types = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = get(
                    "acme-key",
                    "/api/v1/customers/cus-a/timeline?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.statusCode()).isEqualTo(200);
            types.addAll(JsonPath.read(page.body(), "$.items[*].type"));
            Map<String, Object> body = JsonPath.read(page.body(), "$");
            cursor = (String) body.get("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo((PER_CUSTOMER + 3) / 4);
        assertThat(types).hasSize(PER_CUSTOMER).doesNotHaveDuplicates();
        assertThat(types.get(0)).isEqualTo("crm.score-changed");
        assertThat(types.get(types.size() - 1)).isEqualTo("message.received");
    }

    @Test
    void filtersAsTheProductPagesDescribe() throws Exception {
        // "filter by typing an event name"
        assertThat(types("acme-key", "/api/v1/customers/cus-a/timeline?q=" + encode("gui email thanh cong")))
                .containsExactly("email.sent");
        // "only 'email sent successfully'"
        assertThat(types("acme-key", "/api/v1/customers/cus-a/timeline?type=email.sent"))
                .containsExactly("email.sent");
        // "everything except 'customer stage updated'"
        assertThat(types("acme-key", "/api/v1/customers/cus-a/timeline?excludeType=crm.stage-changed"))
                .hasSize(PER_CUSTOMER - 1)
                .doesNotContain("crm.stage-changed");
        // from a ticket's detail
        assertThat(types("acme-key", "/api/v1/tickets/T-1001/timeline"))
                .hasSize(4)
                .allMatch(t -> t.startsWith("ticket."));
        var chart = get("acme-key", "/api/v1/customers/cus-a/chart?bucket=day");
        assertThat(chart.statusCode()).isEqualTo(200);
        // 21 hourly events from 03:00 UTC: two days in Ho Chi Minh City, the score (120) set on the second.
        assertThat(JsonPath.<List<Integer>>read(chart.body(), "$.points[*].score"))
                .containsExactly(0, 120);
        assertThat(JsonPath.<List<Integer>>read(chart.body(), "$.points[*].total"))
                .containsExactly(8, 5);
        // every entry of a ticket shows the ticket as it is now (its state is written after the entries: wait for it)
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(JsonPath.<List<String>>read(
                                get("acme-key", "/api/v1/tickets/T-1001/timeline")
                                        .body(),
                                "$.items[*].ticket.status"))
                        .containsOnly("solved")
                        .hasSize(4));
        var ticket = get("acme-key", "/api/v1/tickets/T-1001/timeline");
        assertThat(JsonPath.<List<String>>read(ticket.body(), "$.items[*].ticket.priority"))
                .containsOnly("high");
        assertThat(JsonPath.<List<String>>read(ticket.body(), "$.items[*].ticket.title"))
                .containsOnly("Giao hàng chậm");
    }

    @Test
    void keepsTenantsApartOnEveryEndpoint() throws Exception {
        String acmeEvent = JsonPath.read(
                get("acme-key", "/api/v1/customers/cus-a/timeline?limit=1").body(), "$.items[0].id");
        List<String> acmeOnly = List.of(
                "/api/v1/customers/cus-a/timeline",
                "/api/v1/tickets/T-ACME/timeline",
                "/api/v1/events/" + acmeEvent,
                "/api/v1/customers/cus-a/chart");

        for (String path : acmeOnly) {
            assertThat(get("acme-key", path).statusCode()).as(path).isEqualTo(200);
            var foreign = get("globex-key", path);
            assertThat(foreign.statusCode()).as(path).isEqualTo(404);
            assertThat(foreign.body())
                    .as(path)
                    .contains("https://timeline.dev/problems/not-found")
                    .doesNotContain("acme");
        }
        var missing = get("globex-key", "/api/v1/customers/nobody/timeline");
        var foreign = get("globex-key", "/api/v1/customers/cus-a/timeline");
        assertThat(foreign.body().replace("cus-a", "nobody")).isEqualTo(missing.body());
        assertThat(get("globex-key", "/api/v1/tickets/T-1001/timeline").statusCode())
                .as("globex has its own T-1001")
                .isEqualTo(200);
        assertThat(types("globex-key", "/api/v1/tickets/T-1001/timeline")).hasSize(4);
        assertThat(get("globex-key", "/api/v1/tickets/T-1001/timeline").body()).doesNotContain("cus-a");
    }

    @Test
    void linksMergesUndoAndEraseThroughKafkaShowAtOnceOnTheTimeline() throws Exception {
        var survivor = CustomerRef.id("cus-m1");
        var merged = CustomerRef.id("cus-m2");
        List<TimelineEvent> history = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            history.add(Events.messageReceived("acme", survivor, "m1-" + i, Events.T0.plusSeconds(i * 60L)));
        }
        for (int i = 0; i < 25; i++) {
            history.add(Events.messageReceived("acme", merged, "m2-" + i, Events.T0.plusSeconds(i * 60L + 30)));
        }
        for (int i = 0; i < 5; i++) {
            history.add(Events.messageReceived(
                    "acme", CustomerRef.identity(IdentityKind.ZALO, "9001"), "z-" + i, Events.T0.plusSeconds(i)));
        }
        // One number, three ways of writing it: one anonymous contact.
        List<String> formats = List.of("0912000111", "+84912000111", "84 912 000 111");
        for (int i = 0; i < formats.size(); i++) {
            history.add(Events.messageReceived(
                    "acme",
                    CustomerRef.identity(IdentityKind.PHONE, formats.get(i)),
                    "p-" + i,
                    Events.T0.plusSeconds(7 + i)));
        }
        publish(history);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("acme-key", "cus-m1") == 30
                        && count("acme-key", "cus-m2") == 25
                        && count("acme-key", encode("anon:phone:+84912000111")) == 3);

        Instant later = Events.T0.plus(Duration.ofDays(1));
        publish(List.of(
                Events.control(
                        "acme", "cus-m2", "link-z", later, new IdentityLinked(new Identity(IdentityKind.ZALO, "9001"))),
                Events.control(
                        "acme",
                        "cus-m1",
                        "link-p",
                        later,
                        new IdentityLinked(new Identity(IdentityKind.PHONE, "0912 000 111"))),
                Events.control("acme", "cus-m1", "merge", later.plusSeconds(60), new CustomersMerged("cus-m2"))));
        // 30 + 25 + 5 + 3, and the three link and merge entries.
        await().atMost(Duration.ofSeconds(60)).until(() -> count("acme-key", "cus-m1") == 66);
        // A message of the linked identity arriving after the link lands there too.
        publish(List.of(Events.messageReceived(
                "acme", CustomerRef.identity(IdentityKind.ZALO, "9001"), "z-late", Events.T0.plusSeconds(3))));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("acme-key", "cus-m1") == 67);

        List<Map<String, Object>> walked = walk("/api/v1/customers/cus-m1/timeline?limit=7");
        assertThat(walked).hasSize(67);
        assertThat(walked).extracting(i -> i.get("id")).doesNotHaveDuplicates();
        assertThat(walked)
                .extracting(i -> Instant.parse((String) i.get("occurredAt")))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(walked)
                .extracting(i -> i.get("customerId"))
                .containsOnly("cus-m1", "cus-m2", "anon:zalo:9001", "anon:phone:+84912000111");
        for (String alias : List.of("cus-m2", encode("anon:zalo:9001"), encode("anon:phone:+84912000111"))) {
            var page = get("acme-key", "/api/v1/customers/" + alias + "/timeline?limit=1");
            assertThat(JsonPath.<String>read(page.body(), "$.customer.id"))
                    .as(alias)
                    .isEqualTo("cus-m1");
        }
        assertThat(JsonPath.<List<String>>read(
                        get("acme-key", "/api/v1/customers/cus-m1/timeline?limit=1")
                                .body(),
                        "$.customer.mergedIds"))
                .containsExactly("cus-m2");

        // The merge log, from either customer's id (written just after the merge's state: wait for it).
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(JsonPath.<List<String>>read(
                                get("acme-key", "/api/v1/customers/cus-m2/merges")
                                        .body(),
                                "$.entries[*].action"))
                        .containsExactly("merged"));
        var log = get("acme-key", "/api/v1/customers/cus-m2/merges");
        assertThat(JsonPath.<String>read(log.body(), "$.customerId")).isEqualTo("cus-m1");
        assertThat(JsonPath.<String>read(log.body(), "$.entries[0].survivorId")).isEqualTo("cus-m1");

        publish(List.of(
                Events.control("acme", "cus-m1", "unmerge", later.plusSeconds(120), new MergeUndone("cus-m2"))));
        // cus-m1 keeps its 30 + 3 (its phone), the link and merge entries, and gains the undo entry.
        await().atMost(Duration.ofSeconds(60)).until(() -> count("acme-key", "cus-m1") == 36);
        assertThat(walk("/api/v1/customers/cus-m2/timeline?limit=50"))
                .hasSize(25 + 6 + 1)
                .extracting(i -> i.get("customerId"))
                .containsOnly("cus-m2", "anon:zalo:9001");

        publish(List.of(
                Events.control("acme", "cus-m2", "erase", later.plusSeconds(180), new CustomerErased("DSR-1"))));
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        get("acme-key", "/api/v1/customers/cus-m2/timeline").statusCode() == 404);
        assertThat(get("acme-key", "/api/v1/customers/" + encode("anon:zalo:9001") + "/timeline")
                        .statusCode())
                .isEqualTo(404);
        assertThat(count("acme-key", "cus-m1")).isEqualTo(36);
        // The erase removes the merge log after the entries: wait for it.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(JsonPath.<List<String>>read(
                                get("acme-key", "/api/v1/customers/cus-m1/merges")
                                        .body(),
                                "$.entries[*].action"))
                        .as("the erased customer's merges go with it")
                        .isEmpty());
        assertThat(get("globex-key", "/api/v1/customers/cus-m1/merges").statusCode())
                .isEqualTo(404);
    }

    private List<Map<String, Object>> walk(String path) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            var page = get("acme-key", path + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            items.addAll(JsonPath.read(page.body(), "$.items"));
            cursor = JsonPath.<Map<String, Object>>read(page.body(), "$").get("nextCursor") instanceof String next
                    ? next
                    : null;
        } while (cursor != null);
        return items;
    }

    @Test
    void answersWhyAnEventIsMissingWithTheTenantsRefusedEventsOnly() throws Exception {
        EventCodec codec = new EventCodec();
        String missingDuration = new String(
                        codec.encode(Events.callEnded("acme", CustomerRef.id("cus-r"), "refused-1", Events.T0)),
                        StandardCharsets.UTF_8)
                .replace("\"durationSeconds\":205,", "");
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    "timeline.calls", "acme/cus-r", missingDuration.getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(
                    "timeline.messages", "acme/cus-r", "not json at all".getBytes(StandardCharsets.UTF_8)));
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> JsonPath.<List<Object>>read(
                                        get("acme-key", "/api/v1/refused-events")
                                                .body(),
                                        "$.items")
                                .size()
                        >= 2);
        var all = get("acme-key", "/api/v1/refused-events?customerId=cus-r");
        assertThat(JsonPath.<List<String>>read(all.body(), "$.items[*].reason"))
                .containsExactlyInAnyOrder("SCHEMA_VIOLATION", "MALFORMED_JSON");
        var violation = get("acme-key", "/api/v1/refused-events?reason=SCHEMA_VIOLATION&customerId=cus-r");
        assertThat(JsonPath.<List<String>>read(violation.body(), "$.items[*].eventId"))
                .containsExactly("refused-1");
        assertThat(JsonPath.<List<String>>read(violation.body(), "$.items[*].type"))
                .containsExactly("call.ended");
        assertThat(JsonPath.<List<String>>read(violation.body(), "$.items[*].message"))
                .containsExactly("data.durationSeconds: is required");
        assertThat(JsonPath.<List<Object>>read(
                        get("globex-key", "/api/v1/refused-events").body(), "$.items"))
                .isEmpty();
        var bad = get("acme-key", "/api/v1/refused-events?reason=LOST");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"parameter\":\"reason\"");
    }

    private void publish(List<TimelineEvent> events) {
        EventCodec codec = new EventCodec();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (TimelineEvent e : events) {
                producer.send(new ProducerRecord<>(e.type().topic().topicName(), e.partitionKey(), codec.encode(e)));
            }
        }
    }

    private int count(String key, String customer) throws Exception {
        var page = get(key, "/api/v1/customers/" + customer + "/timeline?limit=200");
        return page.statusCode() == 200
                ? JsonPath.<List<Object>>read(page.body(), "$.items").size()
                : 0;
    }

    private List<String> types(String key, String path) throws Exception {
        var response = get(key, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.items[*].type");
    }

    private HttpResponse<String> get(String key, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("X-API-Key", key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package dev.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import de.bwaldvogel.mongo.MongoServer;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventCodec;
import dev.timeline.events.Events;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TimelineEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    static final int PER_CUSTOMER =
            Events.everyType("x", CustomerRef.id("x"), "x").size();

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
        EventCodec codec = new EventCodec();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (TimelineEvent e : events) {
                producer.send(new ProducerRecord<>(e.type().topic().topicName(), e.partitionKey(), codec.encode(e)));
            }
        }
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
                .containsExactly(14, 5);
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

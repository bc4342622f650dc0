package dev.timeline.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import de.bwaldvogel.mongo.MongoServer;
import dev.timeline.api.IngestProcess;
import dev.timeline.api.StoredEvents;
import dev.timeline.api.TimelineServiceApplication;
import dev.timeline.events.CustomerErased;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.EventCodec;
import dev.timeline.events.EventType;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live streams end to end: events published to a real broker, written by the real ingest service (its jar, in its own
 * JVM), which publishes what it changed; this service (and a second replica) streams it to SSE clients over HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            LiveStreamThroughIngestTest.KEYS,
            "timeline.api.cursor-secret=live-cursor-secret",
            "timeline.api.live.heartbeat=1s",
            "timeline.api.live.max-per-key=6"
        })
@EmbeddedKafka(bootstrapServersProperty = "timeline.api.live.bootstrap-servers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStreamThroughIngestTest {
    static final String KEYS =
            "timeline.web.api-keys=acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163,"
                    + "globex:f2a455b59b858a04c51108416af2042203cb6ac35fa4141fba4148bc856e78d4";
    static final MongoServer STORE = StoredEvents.startStore();
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> StoredEvents.uri(STORE));
    }

    @Value("${timeline.api.live.bootstrap-servers}")
    String bootstrapServers;

    @LocalServerPort
    int port;

    IngestProcess ingest;
    final HttpClient http = HttpClient.newHttpClient();
    final List<SseClient> clients = new ArrayList<>();

    @BeforeAll
    void startIngestAndAwaitTheFeed() throws Exception {
        ingest = new IngestProcess(bootstrapServers, StoredEvents.uri(STORE));
        // Ingest creates the changes topic; the feed follows it once it exists, and streams open from then on.
        await().atMost(PATIENCE).until(() -> {
            try (SseClient probe = new SseClient(url(port, "/customers/probe/timeline/stream"), "acme-key", null)) {
                return probe.status() == 200;
            }
        });
    }

    @Autowired
    LiveStreams streams;

    /** Each test starts with no stream open: the server notices a closed one at its next write (a heartbeat). */
    @AfterEach
    void closeStreams() {
        clients.forEach(SseClient::close);
        clients.clear();
        await().atMost(PATIENCE).until(() -> streams.openStreams() == 0);
    }

    @AfterAll
    void stop() throws Exception {
        ingest.close();
        STORE.shutdownNow();
    }

    @Test
    void pushesEveryKindOnceInThePagesShapeToItsTenantOnly() throws Exception {
        SseClient all = open(port, "acme-key", "/customers/cus-live/timeline/stream", null);
        SseClient received = open(port, "acme-key", "/customers/cus-live/timeline/stream?type=message.received", null);
        SseClient foreign = open(port, "globex-key", "/customers/cus-live/timeline/stream", null);
        SseClient ticket = open(port, "acme-key", "/tickets/T-1001/timeline/stream", null);
        awaitReady(all, received, foreign, ticket);

        List<TimelineEvent> events = Events.everyType("acme", CustomerRef.id("cus-live"), "live");
        publish(events);
        int entries = events.size() - 6; // call-1's four events are one entry, the sent mail's four one
        List<Map<String, Object>> page = awaitPage("acme-key", "cus-live", entries);
        Set<Object> pageIds = page.stream().map(i -> i.get("id")).collect(Collectors.toSet());
        await().atMost(PATIENCE).until(() -> ids(all, "new").size() == entries);

        assertThat(ids(all, "new")).as("each entry arrives once as new").doesNotHaveDuplicates();
        assertThat(Set.copyOf(ids(all, "new"))).isEqualTo(pageIds);
        // The last state pushed of each entry is the page's item (tickets' state comes as its own event, below).
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<Object, Map<String, Object>> pushed = lastItems(all);
            for (Map<String, Object> item : page) {
                assertThat(withoutTicket(pushed.get(item.get("id")))).isEqualTo(withoutTicket(item));
            }
        });
        Map<String, Object> pageTicket = page.stream()
                .filter(i -> i.get("ticket") != null)
                .map(i -> (Map<String, Object>) i.get("ticket"))
                .findFirst()
                .orElseThrow();
        await().atMost(PATIENCE)
                .until(() -> !all.named("ticket").isEmpty()
                        && data(all.named("ticket").get(all.named("ticket").size() - 1))
                                .equals(pageTicket));
        assertThat(pageTicket).containsEntry("status", "solved");

        // The filters of the page apply.
        await().atMost(PATIENCE).until(() -> !received.named("new").isEmpty());
        assertThat(received.named("new")).allMatch(e -> data(e).get("type").equals("message.received"));
        assertThat(received.named("new")).hasSize(1);
        // The ticket's stream has the ticket's entries only.
        await().atMost(PATIENCE).until(() -> ids(ticket, "new").size() == 4);
        assertThat(ticket.named("new")).allMatch(e -> ((String) data(e).get("type")).startsWith("ticket."));

        // The other tenant's customer of the same id saw none of it, and sees its own.
        assertThat(foreign.named("new")).isEmpty();
        publish(List.of(Events.messageReceived("globex", CustomerRef.id("cus-live"), "g-1", Events.T0)));
        await().atMost(PATIENCE).until(() -> foreign.named("new").size() == 1);
        assertThat(data(foreign.named("new").get(0))).containsEntry("type", "message.received");
        assertThat(ids(all, "new")).hasSize(entries);
        // An idle stream gets a heartbeat (every second here).
        await().atMost(PATIENCE).until(() -> all.comments() > 0 && foreign.comments() > 0);
    }

    @Test
    void aCallsAndAMailsLaterEventsArriveAsChanges() throws Exception {
        SseClient stream = open(port, "acme-key", "/customers/cus-fold/timeline/stream", null);
        awaitReady(stream);
        List<TimelineEvent> events = Events.everyType("acme", CustomerRef.id("cus-fold"), "fold");
        List<TimelineEvent> openers = events.stream()
                .filter(e -> e.type() == EventType.CALL_STARTED || e.type() == EventType.EMAIL_SENT)
                .toList();
        List<TimelineEvent> later = events.stream()
                .filter(e -> Set.of(
                                EventType.CALL_ANSWERED,
                                EventType.CALL_ENDED,
                                EventType.CALL_RECORDING_READY,
                                EventType.EMAIL_DELIVERED,
                                EventType.EMAIL_OPENED,
                                EventType.EMAIL_CLICKED)
                        .contains(e.type()))
                .toList();

        publish(openers);
        await().atMost(PATIENCE).until(() -> stream.named("new").size() == 2);
        publish(later);
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<Object, Map<String, Object>> last = lastItems(stream);
            assertThat(last).hasSize(2);
            Map<String, Object> call = last.values().stream()
                    .filter(i -> "call".equals(i.get("kind")))
                    .findFirst()
                    .orElseThrow();
            Map<String, Object> mail = last.values().stream()
                    .filter(i -> "email".equals(i.get("kind")))
                    .findFirst()
                    .orElseThrow();
            assertThat((Map<String, Object>) call.get("detail")).containsKey("recordingUrl");
            assertThat((Map<String, Object>) mail.get("email")).containsEntry("opened", true);
        });
        assertThat(stream.named("changed")).isNotEmpty();
        assertThat(stream.named("new")).as("still two entries").hasSize(2);
    }

    @Test
    void aMergeReloadsAndAnEraseEndsTheStream() throws Exception {
        publish(List.of(
                Events.messageReceived("acme", CustomerRef.id("cus-ma"), "ma-1", Events.T0),
                Events.messageReceived("acme", CustomerRef.id("cus-mb"), "mb-1", Events.T0)));
        awaitPage("acme-key", "cus-ma", 1);
        awaitPage("acme-key", "cus-mb", 1);
        SseClient stream = open(port, "acme-key", "/customers/cus-ma/timeline/stream", null);
        awaitReady(stream);

        Instant later = Events.T0.plus(Duration.ofDays(1));
        publish(List.of(Events.control("acme", "cus-ma", "merge-ab", later, new CustomersMerged("cus-mb"))));
        await().atMost(PATIENCE).until(() -> !stream.named("reload").isEmpty());
        assertThat(data(stream.named("reload").get(0))).containsEntry("customerId", "cus-ma");

        // The merged customer's new message now belongs on this timeline.
        publish(List.of(Events.messageReceived("acme", CustomerRef.id("cus-mb"), "mb-2", later.plusSeconds(5))));
        await().atMost(PATIENCE)
                .until(() -> stream.named("new").stream().anyMatch(e -> "cus-mb".equals(data(e).get("customerId"))));

        publish(List.of(
                Events.control("acme", "cus-ma", "erase-a", later.plusSeconds(60), new CustomerErased("DSR-9"))));
        await().atMost(PATIENCE).until(() -> !stream.named("gone").isEmpty() && stream.ended());
        assertThat(data(stream.named("gone").get(0))).containsEntry("customerId", "cus-ma");
    }

    @Test
    void aClientThatReconnectsGetsWhatItMissedOnceOrAReset() throws Exception {
        SseClient first = open(port, "acme-key", "/customers/cus-res/timeline/stream", null);
        awaitReady(first);
        publish(messages("cus-res", 0, 5));
        await().atMost(PATIENCE).until(() -> first.named("new").size() == 5);
        String lastSeen = first.lastEventId();
        first.close();

        publish(messages("cus-res", 5, 10));
        List<Map<String, Object>> page = awaitPage("acme-key", "cus-res", 10);
        SseClient resumed = open(port, "acme-key", "/customers/cus-res/timeline/stream", lastSeen);
        await().atMost(PATIENCE).until(() -> resumed.named("new").size() >= 5);
        assertThat(data(resumed.events().get(0))).containsEntry("resumed", true);
        publish(messages("cus-res", 10, 11));
        await().atMost(PATIENCE).until(() -> resumed.named("new").size() >= 6);

        Set<Object> before = Set.copyOf(ids(first, "new"));
        List<Object> after = ids(resumed, "new");
        assertThat(after).hasSize(6).doesNotHaveDuplicates().doesNotContainAnyElementsOf(before);
        Set<Object> everything = new java.util.HashSet<>(before);
        everything.addAll(after);
        Set<Object> stored = awaitPage("acme-key", "cus-res", 11).stream()
                .map(i -> i.get("id"))
                .collect(Collectors.toSet());
        assertThat(everything).as("nothing missing").isEqualTo(stored);
        assertThat(page).hasSize(10);

        // A position this replica cannot resume from: the client is told to reload.
        SseClient lost = open(port, "acme-key", "/customers/cus-res/timeline/stream", "7.7");
        await().atMost(PATIENCE).until(() -> !lost.events().isEmpty());
        assertThat(lost.events().get(0).name()).isEqualTo("reset");
    }

    @Test
    void everyReplicaStreamsAndOneShuttingDownSendsItsClientsElsewhere() throws Exception {
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(TimelineServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.mongodb.uri=" + StoredEvents.uri(STORE),
                        "--timeline.api.live.bootstrap-servers=" + bootstrapServers,
                        "--" + KEYS,
                        "--timeline.api.cursor-secret=live-cursor-secret");
        int otherPort = Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
        try {
            SseClient here = open(port, "acme-key", "/customers/cus-rep/timeline/stream", null);
            SseClient[] there = new SseClient[1];
            await().atMost(PATIENCE).until(() -> {
                SseClient candidate =
                        new SseClient(url(otherPort, "/customers/cus-rep/timeline/stream"), "acme-key", null);
                if (candidate.status() == 200) {
                    there[0] = candidate;
                    clients.add(candidate);
                    return true;
                }
                candidate.close();
                return false;
            });
            awaitReady(here, there[0]);
            publish(messages("cus-rep", 0, 3));
            await().atMost(PATIENCE)
                    .until(() -> here.named("new").size() == 3
                            && there[0].named("new").size() == 3);
            assertThat(ids(there[0], "new")).isEqualTo(ids(here, "new"));

            replica.close();
            assertThat(there[0].named("reconnect")).hasSize(1);
            await().atMost(PATIENCE).until(there[0]::ended);
        } finally {
            replica.close();
        }
    }

    @Test
    void refusesWhatItCannotServeWithProblems() throws Exception {
        List<SseClient> mine = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            mine.add(open(port, "globex-key", "/customers/cus-lim-" + i + "/timeline/stream", null));
        }
        awaitReady(mine.toArray(SseClient[]::new));
        var over = get("globex-key", "/api/v1/customers/cus-lim-x/timeline/stream");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(JsonPath.<String>read(over.body(), "$.type"))
                .isEqualTo("https://timeline.dev/problems/too-many-streams");
        mine.get(0).close();
        await().atMost(PATIENCE).until(() -> {
            try (SseClient again =
                    new SseClient(url(port, "/customers/cus-lim-x/timeline/stream"), "globex-key", null)) {
                return again.status() == 200;
            }
        });
        mine.forEach(SseClient::close);

        var badFilter = get("acme-key", "/api/v1/customers/cus-live/timeline/stream?channel=fax");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(badFilter.body(), "$.parameter")).isEqualTo("channel");
        assertThat(get("nobody", "/api/v1/customers/cus-live/timeline/stream").statusCode())
                .isEqualTo(401);

        // A browser's EventSource cannot set headers: the key may come as a parameter of a stream's URL, and only
        // there.
        try (SseClient byParameter =
                new SseClient(url(port, "/customers/cus-live/timeline/stream?apiKey=acme-key"), "", null)) {
            assertThat(byParameter.status()).isEqualTo(200);
        }
        var pageByParameter = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/api/v1/customers/cus-live/timeline?apiKey=acme-key"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pageByParameter.statusCode()).isEqualTo(401);
    }

    // ---- helpers ----

    private SseClient open(int port, String key, String path, String lastEventId) {
        SseClient client = new SseClient(url(port, path), key, lastEventId);
        clients.add(client);
        return client;
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + "/api/v1" + path;
    }

    private static void awaitReady(SseClient... streams) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (SseClient stream : streams) {
                assertThat(stream.named("ready")).as(stream.toString()).isNotEmpty();
            }
        });
    }

    private static List<TimelineEvent> messages(String customer, int from, int to) {
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(Events.messageReceived(
                    "acme", CustomerRef.id(customer), customer + "-" + i, Events.T0.plusSeconds(i * 60L)));
        }
        return events;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(SseClient.Event event) {
        return JSON.readValue(event.data(), Map.class);
    }

    private static List<Object> ids(SseClient stream, String name) {
        return stream.named(name).stream().map(e -> data(e).get("id")).toList();
    }

    /** Each entry's last pushed state, new or changed. */
    private static Map<Object, Map<String, Object>> lastItems(SseClient stream) {
        Map<Object, Map<String, Object>> last = new HashMap<>();
        for (SseClient.Event event : stream.events()) {
            if (event.name().equals("new") || event.name().equals("changed")) {
                Map<String, Object> item = data(event);
                last.put(item.get("id"), item);
            }
        }
        return last;
    }

    private static Map<String, Object> withoutTicket(Map<String, Object> item) {
        Map<String, Object> copy = new HashMap<>(item);
        copy.remove("ticket");
        return copy;
    }

    private List<Map<String, Object>> awaitPage(String key, String customer, int size) {
        List<List<Map<String, Object>>> page = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            var response = get(key, "/api/v1/customers/" + customer + "/timeline?limit=200");
            if (response.statusCode() != 200) {
                return false;
            }
            List<Map<String, Object>> items = JsonPath.read(response.body(), "$.items");
            page.clear();
            page.add(items);
            return items.size() == size;
        });
        return page.get(0);
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

    private HttpResponse<String> get(String key, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("X-API-Key", key)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

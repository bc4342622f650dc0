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
import dev.timeline.ingest.normalize.TimelineEntries;
import dev.timeline.query.FilterParser;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * First-page latency of the timeline API for one customer with many events in a large collection, for each filter,
 * as a ratio to the raw driver query for the same page against the same store in the same run. The store is an
 * in-process MongoDB-wire server (memory backend) in this JVM; the service runs from its executable jar in its own
 * JVM, so the API path pays HTTP, JSON and the service's own work on top of the same query.
 */
final class TimelineQueryBenchmark {
    private static final String KEY = "bench-key";
    private static final int PAGE = 50;

    private final int eventCount;
    private final int customerEvents;
    private final int requests;

    TimelineQueryBenchmark(int eventCount, int customerEvents, int requests) {
        this.eventCount = eventCount;
        this.customerEvents = customerEvents;
        this.requests = requests;
    }

    void run() throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString() + "/timeline";
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> timeline =
                    client.getDatabase("timeline").getCollection(TimelineFields.DEFAULT_COLLECTION);
            long loadStart = System.nanoTime();
            load(timeline);
            System.out.printf(
                    Locale.ROOT,
                    "timeline benchmark: %,d entries, %,d of them for cus-big; loaded in %.0f s; %d requests per case, page %d, %d cores%n",
                    eventCount,
                    customerEvents,
                    (System.nanoTime() - loadStart) / 1e9,
                    requests,
                    PAGE,
                    Runtime.getRuntime().availableProcessors());
            Service service = startService(uri);
            try {
                awaitReady(service);
                report(timeline, service.port());
            } finally {
                service.process().destroy();
                service.process().waitFor();
            }
        } finally {
            server.shutdownNow();
        }
    }

    private void load(MongoCollection<Document> timeline) {
        TimelineEntries entries = new TimelineEntries();
        Instant received = Instant.now();
        List<Document> batch = new ArrayList<>(1000);
        int written = 0;
        int customer = 0;
        while (written < eventCount) {
            boolean big = written < customerEvents;
            CustomerRef ref = CustomerRef.id(big ? "cus-big" : "cus-" + (customer++ % 5000));
            List<TimelineEvent> events = Events.everyType("bench", ref, "b" + written);
            for (TimelineEvent e : events) {
                if (written >= eventCount) {
                    break;
                }
                // Spread over a year so time ranges and ordering are realistic.
                TimelineEvent spread = new TimelineEvent(
                        e.id(),
                        e.source(),
                        Events.T0.plusSeconds(written * 31L % 31_536_000L),
                        e.tenant(),
                        e.customer(),
                        e.staff(),
                        e.ticketId(),
                        e.attachments(),
                        e.payload());
                batch.add(entries.toDocument(spread, received));
                written++;
                if (batch.size() == 1000) {
                    timeline.insertMany(batch, new InsertManyOptions().ordered(false));
                    batch = new ArrayList<>(1000);
                }
            }
        }
        if (!batch.isEmpty()) {
            timeline.insertMany(batch);
        }
    }

    private void report(MongoCollection<Document> timeline, int port) throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no filter", "");
        cases.put("q (text)", "q=cuoc+goi+nho");
        cases.put("type", "type=email.sent");
        cases.put("excludeType", "excludeType=crm.stage-changed");
        cases.put("source", "source=fixture/call");
        cases.put("excludeSource", "excludeSource=fixture/crm");
        cases.put("channel", "channel=zalo,phone");
        cases.put("direction", "direction=inbound");
        cases.put("staff", "staff=agent-07");
        cases.put("from/to", "from=2026-10-01&to=2026-12-31");
        HttpClient http = HttpClient.newHttpClient();
        System.out.println();
        System.out.println(
                "| filter | raw driver p50 ms | p99 ms | req/s | API p50 ms | p99 ms | req/s | API/raw p50 | API/raw req/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var c : cases.entrySet()) {
            Bson criteria = TimelineCriteria.of("bench", Scope.customer("cus-big"), filter(c.getValue()));
            Runnable raw = () -> timeline.find(criteria)
                    .projection(Projections.exclude(TimelineFields.SEARCH))
                    .sort(TimelineCriteria.NEWEST_FIRST)
                    .limit(PAGE + 1)
                    .batchSize(PAGE + 1)
                    .into(new ArrayList<>());
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/customers/cus-big/timeline?limit=" + PAGE
                                    + (c.getValue().isEmpty() ? "" : "&" + c.getValue())))
                    .header("X-API-Key", KEY)
                    .build();
            Runnable api = () -> {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            raw.run();
            api.run();
            double[] r = measure(raw);
            double[] a = measure(api);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n",
                    c.getKey(),
                    r[0],
                    r[1],
                    r[2],
                    a[0],
                    a[1],
                    a[2],
                    a[0] / r[0],
                    a[2] / r[2]);
        }
    }

    /** p50 ms, p99 ms, requests/s over sequential requests. */
    private double[] measure(Runnable call) {
        double[] millis = new double[requests];
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(millis);
        return new double[] {
            millis[(int) Math.floor(0.5 * (requests - 1))],
            millis[(int) Math.ceil(0.99 * (requests - 1))],
            requests / seconds
        };
    }

    private static TimelineFilter filter(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.computeIfAbsent(kv[0], k -> new ArrayList<>())
                        .add(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return FilterParser.parse(params, java.util.Set.of(), ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    private Service startService(String mongoUri) throws Exception {
        Path jar = Path.of("timeline-service", "target", "timeline-service-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run from the repository root after mvn package: " + jar + " is missing");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "bench-timeline-service.log")
                        .toFile());
        builder.environment().put("MONGO_URI", mongoUri);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("TIMELINE_API_KEYS", "bench:" + hash);
        builder.environment().put("TIMELINE_CURSOR_SECRET", "bench-cursor-secret");
        return new Service(builder.start(), port);
    }

    private record Service(Process process, int port) {}

    private static void awaitReady(Service service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.port() + "/actuator/health/readiness"))
                .build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(
                        "timeline-service exited; see bench-timeline-service.log in the temp dir");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("timeline-service was not ready in 3 minutes");
    }
}

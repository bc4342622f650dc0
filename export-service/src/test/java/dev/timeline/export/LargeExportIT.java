package dev.timeline.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 200,000 entries of one customer exported by the real service jar running with a 256 MB heap: memory must stay flat
 * (a service that collected rows would die of OutOfMemoryError and cut the download short); and an export job that
 * outlives its killed service process. Runs after packaging, as an integration test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeExportIT {
    static final int ROWS = 200_000;
    final MongoServer store = new MongoServer(new MemoryBackend());
    String uri;
    Process service;
    int port;

    @BeforeAll
    void loadAndStart() throws Exception {
        String uri = store.bindAndGetConnectionString() + "/timeline";
        try (var client = MongoClients.create(uri)) {
            var timeline = client.getDatabase("timeline").getCollection("timeline");
            TimelineEntries entries = new TimelineEntries();
            List<Document> batch = new ArrayList<>();
            int n = 0;
            while (n < ROWS) {
                for (TimelineEvent e : Events.everyType("acme", CustomerRef.id("cus-big"), "b" + n)) {
                    if (n++ >= ROWS) {
                        break;
                    }
                    batch.add(entries.toDocument(e, Instant.now()));
                    if (batch.size() == 2000) {
                        timeline.insertMany(batch, new InsertManyOptions().ordered(false));
                        batch = new ArrayList<>();
                    }
                }
            }
            if (!batch.isEmpty()) {
                timeline.insertMany(batch);
            }
        }
        this.uri = uri;
        start();
    }

    /** Starts the service jar on a free port, with {@code args}, and waits until it is ready. */
    private void start(String... args) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar = Path.of("target", "export-service-exec.jar");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("export-service", ".log").toFile());
        builder.environment().put("MONGO_URI", uri);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment()
                .put("TIMELINE_API_KEYS", "acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163");
        service = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(service.isAlive()).isTrue();
                    try {
                        return http.send(
                                                request("/actuator/health/readiness")
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    @AfterAll
    void stop() throws Exception {
        service.destroy();
        service.waitFor();
        store.shutdownNow();
    }

    @Test
    void streamsTwoHundredThousandCsvRowsWithA256MegabyteHeap() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        request("/api/v1/customers/cus-big/export?format=csv").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(csvRecords(response.body())).isEqualTo(ROWS);
        assertThat(service.isAlive()).isTrue();
    }

    @Test
    void streamsTwoHundredThousandXlsxRowsWithA256MegabyteHeap() throws Exception {
        Path file = Files.createTempFile("export", ".xlsx");
        HttpResponse<Path> response = HttpClient.newHttpClient()
                .send(
                        request("/api/v1/customers/cus-big/export?format=xlsx").build(),
                        HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        try (var zip = new ZipFile(file.toFile())) {
            var sheet = zip.getEntry("xl/worksheets/sheet1.xml");
            assertThat(sheet).isNotNull();
            try (InputStream xml = zip.getInputStream(sheet)) {
                assertThat(countRows(xml)).isEqualTo(ROWS + 1);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(service.isAlive()).isTrue();
    }

    @Test
    void aJobWhoseServiceIsKilledIsFinishedByTheNextOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String created = http.send(
                        request("/api/v1/exports")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"customerId\":\"cus-big\",\"parameters\":{\"format\":[\"csv\"]}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String id = JsonPath.read(created, "$.id");
        try (var client = MongoClients.create(uri)) {
            var jobs = client.getDatabase("timeline").getCollection("export_jobs");
            var chunks = client.getDatabase("timeline").getCollection("exports.chunks");
            ObjectId upload = await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> {
                                Document job = jobs.find(Filters.eq("_id", id)).first();
                                return job != null
                                                && job.get("rowsWritten", Number.class)
                                                                .longValue()
                                                        >= 5000
                                        ? job.getObjectId("uploadId")
                                        : null;
                            },
                            u -> u != null && chunks.countDocuments(Filters.eq("files_id", u)) > 0);

            service.destroyForcibly().waitFor(); // SIGKILL: no hand-back, the heartbeat just stops
            assertThat(jobs.find(Filters.eq("_id", id)).first().getString("status"))
                    .isEqualTo("running");
            // Quick to notice the silence; the new runner's heartbeat still comes well within it.
            start(
                    "--timeline.export.jobs.stale-after=5s",
                    "--timeline.export.jobs.heartbeat-every=500ms",
                    "--timeline.export.jobs.sweep-every=1s");

            Object finished = await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> status(id).get("status"), s -> "done".equals(s) || "failed".equals(s));
            assertThat(finished).isEqualTo("done");
            assertThat(status(id)).containsEntry("rowsWritten", ROWS).containsEntry("attempts", 2);
            assertThat(chunks.countDocuments(Filters.eq("files_id", upload))).isZero();
        }
        HttpResponse<InputStream> file = http.send(
                request("/api/v1/exports/" + id + "/file").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(csvRecords(file.body())).isEqualTo(ROWS);
    }

    private java.util.Map<String, Object> status(String id) throws Exception {
        String body = HttpClient.newHttpClient()
                .send(request("/api/v1/exports/" + id).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return JsonPath.read(body, "$");
    }

    /** CSV records: only time_local starts one (content may hold line breaks), and it begins with the year. */
    private static long csvRecords(InputStream csv) throws IOException {
        long records = 0;
        try (var reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("2026-")) {
                    records++;
                }
            }
        }
        return records;
    }

    private static long countRows(InputStream xml) throws IOException {
        byte[] tag = "<row ".getBytes(StandardCharsets.US_ASCII);
        long count = 0;
        int matched = 0;
        int b;
        var in = new java.io.BufferedInputStream(xml);
        while ((b = in.read()) != -1) {
            matched = b == tag[matched] ? matched + 1 : (b == tag[0] ? 1 : 0);
            if (matched == tag.length) {
                count++;
                matched = 0;
            }
        }
        return count;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", "acme-key")
                .timeout(Duration.ofMinutes(10));
    }
}

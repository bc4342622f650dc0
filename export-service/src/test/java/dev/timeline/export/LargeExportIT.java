package dev.timeline.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 200,000 entries of one customer exported by the real service jar running with a 256 MB heap: memory must stay flat
 * (a service that collected rows would die of OutOfMemoryError and cut the download short). Runs after packaging,
 * as an integration test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeExportIT {
    static final int ROWS = 200_000;
    final MongoServer store = new MongoServer(new MemoryBackend());
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
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar = Path.of("target", "export-service-exec.jar");
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-jar",
                        jar.toString())
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
                        return http.send(request("/actuator/health/readiness"), HttpResponse.BodyHandlers.discarding())
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
                        request("/api/v1/customers/cus-big/export?format=csv"),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long records = 0;
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                // Only time_local starts a record (content may hold line breaks): it begins with the year.
                if (line.startsWith("2026-")) {
                    records++;
                }
            }
        }
        assertThat(records).isEqualTo(ROWS);
        assertThat(service.isAlive()).isTrue();
    }

    @Test
    void streamsTwoHundredThousandXlsxRowsWithA256MegabyteHeap() throws Exception {
        Path file = Files.createTempFile("export", ".xlsx");
        HttpResponse<Path> response = HttpClient.newHttpClient()
                .send(request("/api/v1/customers/cus-big/export?format=xlsx"), HttpResponse.BodyHandlers.ofFile(file));
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

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", "acme-key")
                .timeout(Duration.ofMinutes(10))
                .build();
    }
}

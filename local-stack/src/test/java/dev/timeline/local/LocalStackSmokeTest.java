package dev.timeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.timeline.events.Decoded;
import dev.timeline.events.EventCodec;
import dev.timeline.events.ReadmeExamples;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.Topic;
import dev.timeline.events.store.TimelineFields;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does: start the whole local stack, see the demo arrive, publish the README's hand-written examples
 * (with kcat where it is installed, as the README says), see each normalized on the timeline; restart and find the
 * data still there.
 */
class LocalStackSmokeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private final EventCodec codec = new EventCodec();

    @Test
    void runsEverythingAndIngestsTheDemoAndTheReadmeExamplesThroughKafka(@TempDir Path data) throws Exception {
        var settings = new LocalStack.Settings(
                Path.of("..").toAbsolutePath().normalize(),
                data,
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                true,
                ChildProcess.MAX_RESTARTS);
        String bootstrap = "127.0.0.1:" + settings.kafkaPort();
        String mongoUri = "mongodb://127.0.0.1:" + settings.mongoPort() + "/timeline";
        int demoEvents = new DemoData(Instant.now()).events().size();
        List<String> examples = ReadmeExamples.in(Path.of("..", "README.md"));

        LocalStack stack = new LocalStack(settings);
        try {
            stack.start();
            assertThat(countDemo(mongoUri)).isEqualTo(demoEvents);
            assertThat(deadLetters(bootstrap)).isEqualTo(4);

            for (String example : examples) {
                publish(bootstrap, example);
            }
            for (String example : examples) {
                TimelineEvent event =
                        ((Decoded.Accepted) codec.decode(example.getBytes(StandardCharsets.UTF_8))).event();
                Document stored = await().atMost(PATIENCE).until(() -> find(mongoUri, event), d -> d != null);
                assertThat(stored.getString(TimelineFields.NAME))
                        .isEqualTo(event.type().displayName());
                assertThat(stored.getString(TimelineFields.CUSTOMER_ID))
                        .isEqualTo(event.customer().key());
                assertThat(dev.timeline.events.store.Summaries.of(
                                stored.getString(TimelineFields.SUMMARY), stored.getString(TimelineFields.CONTENT)))
                        .isNotBlank();
            }
            // The README's first curls: a demo customer's timeline, and its export.
            var response =
                    get("http://127.0.0.1:" + settings.timelinePort() + "/api/v1/customers/cus-1001/timeline?limit=5");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"customerId\":\"cus-1001\"", "\"nextCursor\"");
            var export = get("http://127.0.0.1:" + settings.exportPort()
                    + "/api/v1/customers/cus-1001/export?format=csv&type=email.sent");
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.body()).startsWith("\uFEFFtime_local,").contains("Gửi email thành công");
        } finally {
            stack.close();
        }

        LocalStack restarted = new LocalStack(new LocalStack.Settings(
                settings.home(),
                data,
                settings.kafkaPort(),
                settings.controllerPort(),
                settings.mongoPort(),
                settings.ingestPort(),
                settings.timelinePort(),
                settings.exportPort(),
                false,
                ChildProcess.MAX_RESTARTS));
        try {
            restarted.start();
            assertThat(countDemo(mongoUri)).isEqualTo(demoEvents + examples.size());
        } finally {
            restarted.close();
        }
    }

    /** With kcat, exactly as the README shows; without it, the same bytes through the Java client. */
    private void publish(String bootstrap, String example) throws Exception {
        TimelineEvent event = ((Decoded.Accepted) codec.decode(example.getBytes(StandardCharsets.UTF_8))).event();
        String topic = event.type().topic().topicName();
        String oneLine = example.replace("\n", "");
        if (kcatInstalled()) {
            Process kcat = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", topic, "-k", event.partitionKey())
                    .redirectErrorStream(true)
                    .start();
            kcat.getOutputStream().write(oneLine.getBytes(StandardCharsets.UTF_8));
            kcat.getOutputStream().close();
            assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(kcat.exitValue())
                    .as(new String(kcat.getInputStream().readAllBytes()))
                    .isZero();
        } else {
            System.out.println("kcat is not installed: publishing the README example with the Java client instead");
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                                topic, event.partitionKey(), oneLine.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("X-API-Key", LocalStack.DEMO_API_KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static boolean kcatInstalled() {
        try {
            return new ProcessBuilder("kcat", "-V").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long countDemo(String mongoUri) {
        try (var client = MongoClients.create(mongoUri)) {
            return LocalStack.storedEvents(client.getDatabase("timeline"), DemoData.TENANT);
        }
    }

    private static Document find(String mongoUri, TimelineEvent event) {
        try (var client = MongoClients.create(mongoUri)) {
            return client.getDatabase("timeline")
                    .getCollection(TimelineFields.DEFAULT_COLLECTION)
                    .find(Filters.and(
                            Filters.eq(TimelineFields.TENANT, event.tenant()),
                            Filters.eq(TimelineFields.SOURCE, event.source()),
                            Filters.eq(TimelineFields.EVENT_ID, event.id())))
                    .first();
        }
    }

    private static int deadLetters(String bootstrap) {
        List<Object> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "smoke-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(java.util.Arrays.stream(Topic.values())
                    .map(Topic::deadLetterName)
                    .toList());
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
                return letters.size() >= 4;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(letters::add);
        }
        return letters.size();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

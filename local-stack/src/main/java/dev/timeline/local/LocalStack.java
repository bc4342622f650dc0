package dev.timeline.local;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.timeline.events.Topic;
import dev.timeline.events.store.TimelineFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the local system and keeps it running until Ctrl-C: broker, store, services, demo data. Settings come from
 * {@code --name=value} arguments or the environment variables named in {@link Settings}.
 */
public final class LocalStack {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** Every setting with its default; an argument {@code --kafka-port=19092} or {@code LOCAL_KAFKA_PORT} changes one. */
    record Settings(
            Path home,
            Path dataDir,
            int kafkaPort,
            int controllerPort,
            int mongoPort,
            int ingestPort,
            int timelinePort,
            int exportPort,
            boolean demo) {
        static Settings from(String[] args) {
            Map<String, String> given = new java.util.HashMap<>();
            for (String arg : args) {
                if (arg.startsWith("--") && arg.contains("=")) {
                    given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else if (arg.equals("--no-demo")) {
                    given.put("demo", "false");
                } else {
                    throw new IllegalArgumentException(
                            "unknown argument " + arg + " (see the README's local stack section)");
                }
            }
            Path home = Path.of(value(given, "home", ".")).toAbsolutePath().normalize();
            return new Settings(
                    home,
                    home.resolve(value(given, "data-dir", ".local")),
                    Integer.parseInt(value(given, "kafka-port", "9092")),
                    Integer.parseInt(value(given, "controller-port", "9093")),
                    Integer.parseInt(value(given, "mongo-port", "27017")),
                    Integer.parseInt(value(given, "ingest-port", "8081")),
                    Integer.parseInt(value(given, "timeline-port", "8082")),
                    Integer.parseInt(value(given, "export-port", "8083")),
                    Boolean.parseBoolean(value(given, "demo", "true")));
        }

        private static String value(Map<String, String> given, String name, String fallback) {
            String env = System.getenv(
                    "LOCAL_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            return given.getOrDefault(name, env != null ? env : fallback);
        }
    }

    /** The demo tenant's API key: local only, published in the README; its SHA-256 is what the service is given. */
    public static final String DEMO_API_KEY = "demo-local-key";

    private final Settings settings;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    LocalStack(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        LocalStack stack = new LocalStack(Settings.from(args));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.close();
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        try {
            stack.start();
        } catch (Exception e) {
            log.error("The local stack did not start: {}", e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    void start() throws Exception {
        Files.createDirectories(settings.dataDir());
        log.info("Data in {} (delete it to start from scratch)", settings.dataDir());

        KafkaBroker broker =
                new KafkaBroker(settings.dataDir(), settings.kafkaPort(), settings.controllerPort()).start();
        running.push(broker);
        createTopics(broker.bootstrapServers());
        log.info("Kafka broker (KRaft) on {}", broker.bootstrapServers());

        WireMongo mongo = new WireMongo(settings.dataDir(), settings.mongoPort()).start();
        running.push(mongo);
        String mongoUri = mongo.uri("timeline");
        log.info(
                "MongoDB-wire server on {} (file {})",
                mongoUri,
                settings.dataDir().resolve("mongo.mv"));

        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "MONGO_URI", mongoUri);
        Path logs = settings.dataDir().resolve("logs");
        List<ServiceProcess> services = new ArrayList<>();
        services.add(ServiceProcess.start("ingest-service", jar("ingest-service"), settings.ingestPort(), env, logs));
        services.add(ServiceProcess.start(
                "timeline-service",
                jar("timeline-service"),
                settings.timelinePort(),
                Map.of(
                        "MONGO_URI",
                        mongoUri,
                        "TIMELINE_API_KEYS",
                        DemoData.TENANT + ":" + sha256(DEMO_API_KEY),
                        "TIMELINE_CURSOR_SECRET",
                        "local-stack-cursor-secret",
                        "TIMELINE_CORS_ALLOWED_ORIGINS",
                        "http://localhost:3000,http://localhost:5173"),
                logs));
        services.add(ServiceProcess.start(
                "export-service",
                jar("export-service"),
                settings.exportPort(),
                Map.of(
                        "MONGO_URI",
                        mongoUri,
                        "TIMELINE_API_KEYS",
                        DemoData.TENANT + ":" + sha256(DEMO_API_KEY),
                        "TIMELINE_CORS_ALLOWED_ORIGINS",
                        "http://localhost:3000,http://localhost:5173"),
                logs));
        services.forEach(running::push);
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(180));
            log.info("{} ready on {} (log: {})", service.name(), service.url(), service.log());
        }

        if (settings.demo()) {
            publishDemo(broker.bootstrapServers(), mongoUri);
        }
        log.info("Everything is up. Publish an event with kcat (see README), e.g.:");
        log.info(
                "  kcat -P -b {} -t {} -k demo/cus-1001 <event.json",
                broker.bootstrapServers(),
                Topic.MESSAGES.topicName());
        log.info("Read a timeline (tenant '{}', API key '{}'):", DemoData.TENANT, DEMO_API_KEY);
        log.info(
                "  curl -H 'X-API-Key: {}' 'http://127.0.0.1:{}/api/v1/customers/cus-1001/timeline?limit=5'",
                DEMO_API_KEY,
                settings.timelinePort());
        log.info("  API description: http://127.0.0.1:{}/swagger-ui.html", settings.timelinePort());
        log.info(
                "Export it: curl -OJ -H 'X-API-Key: {}' 'http://127.0.0.1:{}/api/v1/customers/cus-1001/export?format=xlsx'",
                DEMO_API_KEY,
                settings.exportPort());
        log.info("Ctrl-C stops it all.");
    }

    private void publishDemo(String bootstrapServers, String mongoUri) {
        var events = new DemoData(Instant.now()).events();
        var published = new DemoPublisher(bootstrapServers).publish(events);
        log.info(
                "Demo: published {} events for {} customers through Kafka, plus {} redeliveries and {} broken records",
                published.events(),
                DemoData.CUSTOMERS.size(),
                published.duplicates(),
                published.malformed());
        try (var client = MongoClients.create(mongoUri)) {
            var database = client.getDatabase("timeline");
            Instant deadline = Instant.now().plusSeconds(120);
            long stored = 0;
            while (Instant.now().isBefore(deadline)) {
                stored = storedEvents(database, DemoData.TENANT);
                if (stored >= events.size()) {
                    break;
                }
                Thread.sleep(500);
            }
            log.info("Demo: {} events of tenant '{}' are stored (expected {})", stored, DemoData.TENANT, events.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many events of a tenant are stored, once each: the entries of their own, and the parts that calls and
     * e-mails fold into one entry.
     */
    static long storedEvents(MongoDatabase database, String tenant) {
        return database.getCollection(TimelineFields.DEFAULT_COLLECTION)
                        .countDocuments(Filters.and(
                                Filters.eq(TimelineFields.TENANT, tenant),
                                Filters.exists(TimelineFields.PART_COUNT, false)))
                + database.getCollection(TimelineFields.PARTS_COLLECTION)
                        .countDocuments(Filters.eq(TimelineFields.TENANT, tenant));
    }

    private void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                topics.add(new NewTopic(topic.topicName(), 6, (short) 1));
                topics.add(new NewTopic(topic.deadLetterName(), 6, (short) 1));
            }
            var results = admin.createTopics(topics).values();
            for (var result : results.values()) {
                try {
                    result.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path jar(String module) {
        return settings.home().resolve(module).resolve("target").resolve(module + "-exec.jar");
    }

    void close() {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }
}

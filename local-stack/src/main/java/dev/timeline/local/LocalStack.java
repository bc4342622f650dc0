package dev.timeline.local;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.timeline.events.Topic;
import dev.timeline.events.store.TimelineFields;
import java.io.IOException;
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
            boolean demo,
            int maxRestarts) {
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
                    Boolean.parseBoolean(value(given, "demo", "true")),
                    Integer.parseInt(value(given, "max-restarts", Integer.toString(ChildProcess.MAX_RESTARTS))));
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
        if (args.length > 0 && args[0].equals("child")) {
            Child.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("fault-suite")) {
            FaultSuite.main(args);
            return;
        }
        LocalStack stack = new LocalStack(Settings.from(args));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.close();
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        stack.onGiveUp(message -> {
            log.error("Stopping the local stack: {}", message);
            System.exit(1);
        });
        try {
            stack.start();
        } catch (Exception e) {
            log.error("The local stack did not start: {}", e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private java.util.function.Consumer<String> giveUp = message -> log.error("{}", message);

    /** What to do when a process died too often to be restarted (the command line stops the stack). */
    void onGiveUp(java.util.function.Consumer<String> giveUp) {
        this.giveUp = giveUp;
    }

    void start() throws Exception {
        Files.createDirectories(settings.dataDir());
        Path run = settings.dataDir().resolve("run");
        Path logs = settings.dataDir().resolve("logs");
        claim(run);
        ChildProcess.stopLeftovers(run);
        checkPortsFree();
        log.info("Data in {} (delete it to start from scratch)", settings.dataDir());
        if (Files.exists(settings.dataDir().resolve("mongo.mv"))) {
            log.warn(
                    "{} is the store file of an older version (H2 backend) and is no longer read; the store now keeps"
                            + " its data in {}",
                    settings.dataDir().resolve("mongo.mv"),
                    settings.dataDir().resolve("store"));
        }
        String parent = Long.toString(ProcessHandle.current().pid());

        ChildProcess broker = child(
                "kafka",
                List.of("-Xmx512m", "-XX:+UseG1GC"),
                List.of(
                        "kafka",
                        settings.dataDir().toString(),
                        Integer.toString(settings.kafkaPort()),
                        Integer.toString(settings.controllerPort()),
                        parent),
                Map.of(),
                run,
                logs,
                new ChildProcess.Readiness.Line(Child.READY));
        // The store's heap holds its indexes: about 1 GiB at two million events (the soak's end), where 1 GiB ran
        // into back-to-back full collections; at 2 GiB G1 grew the old generation to 1.4 GB before marking (RSS 1.8
        // GB). A young generation of at most 256 MiB keeps bursts of writes from growing it further.
        ChildProcess store = child(
                "store",
                List.of("-Xmx1536m", "-XX:MaxNewSize=256m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50"),
                List.of("store", settings.dataDir().toString(), Integer.toString(settings.mongoPort()), parent),
                Map.of(),
                run,
                logs,
                new ChildProcess.Readiness.Line(Child.READY));
        String bootstrap = "127.0.0.1:" + settings.kafkaPort();
        String mongoUri = "mongodb://127.0.0.1:" + settings.mongoPort() + "/timeline";
        for (ChildProcess infrastructure : List.of(broker, store)) {
            infrastructure.start();
            running.push(infrastructure);
        }
        broker.awaitReady(Duration.ofSeconds(120));
        createTopics(bootstrap);
        log.info("Kafka broker (KRaft) on {} (log: {})", bootstrap, broker.log());
        store.awaitReady(Duration.ofSeconds(120));
        log.info(
                "MongoDB-wire store on {} (data in {}, log: {})",
                mongoUri,
                settings.dataDir().resolve("store"),
                store.log());

        String keys = DemoData.TENANT + ":" + sha256(DEMO_API_KEY);
        String origins = "http://localhost:3000,http://localhost:5173";
        List<ChildProcess> services = List.of(
                service(
                        "ingest-service",
                        settings.ingestPort(),
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "MONGO_URI", mongoUri),
                        run,
                        logs,
                        parent),
                service(
                        "timeline-service",
                        settings.timelinePort(),
                        Map.of(
                                "MONGO_URI", mongoUri,
                                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                                "TIMELINE_API_KEYS", keys,
                                "TIMELINE_CURSOR_SECRET", "local-stack-cursor-secret",
                                "TIMELINE_CORS_ALLOWED_ORIGINS", origins),
                        run,
                        logs,
                        parent),
                service(
                        "export-service",
                        settings.exportPort(),
                        Map.of(
                                "MONGO_URI", mongoUri,
                                "TIMELINE_API_KEYS", keys,
                                "TIMELINE_CORS_ALLOWED_ORIGINS", origins),
                        run,
                        logs,
                        parent));
        for (ChildProcess service : services) {
            service.start();
            running.push(service);
        }
        for (ChildProcess service : services) {
            service.awaitReady(Duration.ofSeconds(180));
            log.info("{} ready on http://127.0.0.1:{} (log: {})", service.name(), port(service), service.log());
        }
        for (AutoCloseable child : running) {
            ((ChildProcess) child).supervise(settings.maxRestarts(), message -> giveUp.accept(message));
        }

        if (settings.demo()) {
            publishDemo(bootstrap, mongoUri);
        }
        log.info("Everything is up. Publish an event with kcat (see README), e.g.:");
        log.info("  kcat -P -b {} -t {} -k demo/cus-1001 <event.json", bootstrap, Topic.MESSAGES.topicName());
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
        log.info("Ctrl-C stops it all (so does killing this process: its processes follow it).");
    }

    /** One stack per data directory: a second one would share its files. */
    private void claim(Path run) throws IOException {
        Files.createDirectories(run);
        Path lock = run.resolve("stack.pid");
        if (Files.exists(lock)) {
            try {
                long pid = Long.parseLong(Files.readString(lock).strip());
                if (pid != ProcessHandle.current().pid()
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        && ProcessHandle.of(pid)
                                .flatMap(p -> p.info().commandLine())
                                .orElse("")
                                .contains("local-stack")) {
                    throw new IllegalStateException("a local stack is already running on " + settings.dataDir()
                            + " (pid " + pid + "); stop it first, or use --data-dir");
                }
            } catch (NumberFormatException garbage) {
                // an unreadable lock is a stale one
            }
        }
        Files.writeString(lock, Long.toString(ProcessHandle.current().pid()));
        claimed = lock;
    }

    private @org.jspecify.annotations.Nullable Path claimed;

    private void checkPortsFree() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("Kafka (--kafka-port)", settings.kafkaPort());
        ports.put("Kafka controller (--controller-port)", settings.controllerPort());
        ports.put("store (--mongo-port)", settings.mongoPort());
        ports.put("ingest-service (--ingest-port)", settings.ingestPort());
        ports.put("timeline-service (--timeline-port)", settings.timelinePort());
        ports.put("export-service (--export-port)", settings.exportPort());
        List<String> busy = new ArrayList<>();
        ports.forEach((what, port) -> {
            try (var socket = new java.net.ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                busy.add(what + " " + port);
            }
        });
        if (!busy.isEmpty()) {
            throw new IllegalStateException("port(s) already in use: " + String.join(", ", busy)
                    + "; another program holds them (stop it, or choose other ports)");
        }
    }

    /** How to run this same program (its jar or, in tests, its classes) as another process: java, then these. */
    static List<String> selfCommand() {
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, LocalStack.class.getName()));
        }
        return command;
    }

    /** A child running this same program in another mode. */
    private ChildProcess child(
            String name,
            List<String> javaOptions,
            List<String> args,
            Map<String, String> env,
            Path run,
            Path logs,
            ChildProcess.Readiness readiness)
            throws IOException {
        List<String> self = selfCommand();
        List<String> program = new ArrayList<>(self.subList(1, self.size()));
        program.add("child");
        program.addAll(args);
        return new ChildProcess(name, javaOptions, program, env, run, logs, readiness);
    }

    private ChildProcess service(String name, int port, Map<String, String> env, Path run, Path logs, String parent)
            throws IOException {
        Path jar = jar(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build first (the run script does: mvn -DskipTests package)");
        }
        List<String> options = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC"));
        Path watch = settings.home().resolve("local-stack").resolve("target").resolve("local-stack-watch.jar");
        if (Files.isRegularFile(watch)) {
            options.add("-javaagent:" + watch + "=" + parent);
        } else {
            log.warn("{} is missing: {} will not stop by itself if this process is killed", watch, name);
        }
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PORT", Integer.toString(port));
        all.put("SERVER_ADDRESS", "127.0.0.1");
        return new ChildProcess(
                name, options, List.of("-jar", jar.toString()), all, run, logs, new ChildProcess.Readiness.Probe(port));
    }

    private int port(ChildProcess service) {
        return switch (service.name()) {
            case "ingest-service" -> settings.ingestPort();
            case "timeline-service" -> settings.timelinePort();
            default -> settings.exportPort();
        };
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
        if (claimed != null) {
            try {
                Files.deleteIfExists(claimed);
            } catch (IOException e) {
                log.debug("could not delete {}", claimed);
            }
        }
    }

    /** The running child of that name, for tests that kill one. */
    ChildProcess child(String name) {
        return running.stream()
                .filter(c -> c instanceof ChildProcess p && p.name().equals(name))
                .map(c -> (ChildProcess) c)
                .findFirst()
                .orElseThrow();
    }
}

package dev.timeline.local;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.events.CallAnswered;
import dev.timeline.events.CallEnded;
import dev.timeline.events.CallStarted;
import dev.timeline.events.Channel;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Direction;
import dev.timeline.events.EmailOpened;
import dev.timeline.events.EmailSent;
import dev.timeline.events.EventCodec;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.MessageSent;
import dev.timeline.events.ScoreChanged;
import dev.timeline.events.Staff;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TicketCreated;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.Topic;
import dev.timeline.events.store.TimelineFields;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * Faults on purpose, each on a fresh local stack: {@code events} valid events (messages, calls and mails that fold,
 * tickets, scores) published at {@code rate} per second with 1 % poison mixed in (broken JSON, schema violations, one
 * record of about 1 MiB), while one kind of fault strikes:
 *
 * <ul>
 *   <li>{@code ingest-kill}: the ingest service killed with SIGKILL every few seconds (the stack restarts it);
 *   <li>{@code store-kill}: the store killed with SIGKILL twice (the stack restarts it);
 *   <li>{@code broker-restart}: the broker killed with SIGKILL and started again by the stack;
 *   <li>{@code stack-kill}: the whole stack killed with SIGKILL halfway, then started again on the same data;
 *   <li>{@code two-ingest}: a second ingest instance in the consumer group, one of the two killed halfway (the
 *       other takes its partitions over).
 * </ul>
 *
 * Then it waits until the group's committed lag is 0 and reports, per kind: valid events lost and doubled (each event
 * must be stored exactly once: an entry of its own or a part of a folded one), poison records missing from their
 * dead-letter topics, and how long the backlog took to drain after the last event was published. Run as
 * {@code java -jar local-stack/target/local-stack.jar fault-suite [--events=100000] [--rate=2000] [--kinds=…]}.
 */
public final class FaultSuite {
    public static final List<String> KINDS =
            List.of("ingest-kill", "store-kill", "broker-restart", "stack-kill", "two-ingest");
    private static final String GROUP = "timeline-ingest";

    /** What one fault kind came to. */
    public record Result(
            String kind, int events, int poison, long lost, long doubled, long poisonMissing, double drainSeconds) {
        public boolean clean() {
            return lost == 0 && doubled == 0 && poisonMissing == 0;
        }
    }

    private final Path home;
    private final Path work;
    private final int events;
    private final int rate;
    private final EventCodec codec = new EventCodec();

    public FaultSuite(Path home, Path work, int events, int rate) {
        this.home = home;
        this.work = work;
        this.events = events;
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        List<String> kinds =
                options.containsKey("kinds") ? List.of(options.get("kinds").split(",")) : KINDS;
        FaultSuite suite = new FaultSuite(
                Path.of(options.getOrDefault("home", ".")).toAbsolutePath().normalize(),
                Files.createTempDirectory("fault-suite"),
                Integer.parseInt(options.getOrDefault("events", "100000")),
                Integer.parseInt(options.getOrDefault("rate", "2000")));
        List<Result> results = new ArrayList<>();
        for (String kind : kinds) {
            results.add(suite.run(kind));
        }
        System.out.println();
        System.out.println("| fault | valid events | poison | lost | doubled | poison not dead-lettered | drain s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %d | %d | %d | %d | %.1f |%n",
                    r.kind(),
                    r.events(),
                    r.poison(),
                    r.lost(),
                    r.doubled(),
                    r.poisonMissing(),
                    r.drainSeconds());
        }
        System.exit(results.stream().allMatch(Result::clean) ? 0 : 1);
    }

    /** One fault kind on a fresh stack. */
    public Result run(String kind) throws Exception {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown fault kind " + kind + "; one of " + KINDS);
        }
        Path data = Files.createDirectories(work.resolve(kind));
        int[] ports = {freePort(), freePort(), freePort(), freePort(), freePort(), freePort()};
        String bootstrap = "127.0.0.1:" + ports[0];
        String mongoUri = "mongodb://127.0.0.1:" + ports[2] + "/timeline";
        String tenant = "faults";
        List<TimelineEvent> valid = validEvents(tenant);
        List<ProducerRecord<String, byte[]>> poison = poison(tenant, valid);
        List<ProducerRecord<String, byte[]>> records = interleave(valid, poison);
        System.out.printf(
                Locale.ROOT,
                "fault suite: %s, %,d valid events + %d poison at %d/s%n",
                kind,
                valid.size(),
                poison.size(),
                rate);

        Process stack = startStack(data, ports, kind + "-1.out");
        Process extraIngest = null;
        try {
            if (kind.equals("two-ingest")) {
                extraIngest = startExtraIngest(data, bootstrap, mongoUri);
            }
            long publishedAt;
            try (var producer = producer(bootstrap)) {
                long start = System.nanoTime();
                int faults = 0;
                for (int i = 0; i < records.size(); i++) {
                    producer.send(records.get(i));
                    long due = start + (long) (i * 1e9 / rate);
                    long now = System.nanoTime();
                    if (due > now) {
                        TimeUnit.NANOSECONDS.sleep(due - now);
                    }
                    double progress = (double) i / records.size();
                    if (faults < planned(kind) && progress >= (faults + 1.0) / (planned(kind) + 1)) {
                        faults++;
                        stack = strike(kind, faults, data, ports, stack, extraIngest);
                    }
                }
                producer.flush();
                publishedAt = System.nanoTime();
            }
            awaitDrained(bootstrap, Duration.ofMinutes(10));
            double drain = (System.nanoTime() - publishedAt) / 1e9;
            long[] lostAndDoubled = stored(mongoUri, tenant, valid);
            long poisonMissing = poisonMissing(bootstrap, poison);
            Result result = new Result(
                    kind, valid.size(), poison.size(), lostAndDoubled[0], lostAndDoubled[1], poisonMissing, drain);
            System.out.println("  " + result);
            return result;
        } finally {
            if (extraIngest != null) {
                extraIngest.destroy();
                extraIngest.waitFor(30, TimeUnit.SECONDS);
            }
            stack.destroy();
            stack.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** How many faults of a kind: the repeated ones every 10 s or so of publishing, at least one. */
    private int planned(String kind) {
        int seconds = events / Math.max(1, rate);
        return switch (kind) {
            case "ingest-kill" -> Math.max(1, Math.min(6, seconds / 10));
            case "store-kill" -> Math.max(1, Math.min(2, seconds / 15));
            default -> 1;
        };
    }

    /** Carries out the {@code n}th fault of a kind; returns the stack process (a new one after a stack kill). */
    private Process strike(String kind, int n, Path data, int[] ports, Process stack, Process extraIngest)
            throws Exception {
        Path run = data.resolve("local").resolve("run");
        switch (kind) {
            case "ingest-kill" -> kill(run, "ingest-service");
            case "store-kill" -> kill(run, "store");
            case "broker-restart" -> kill(run, "kafka");
            case "two-ingest" -> {
                extraIngest.destroyForcibly();
                System.out.println("  killed the second ingest instance (pid " + extraIngest.pid() + ")");
            }
            case "stack-kill" -> {
                Map<String, Long> children = children(run);
                stack.destroyForcibly().waitFor();
                System.out.println("  killed the stack (pid " + stack.pid() + ")");
                for (long pid : children.values()) {
                    ProcessHandle.of(pid).ifPresent(p -> {
                        try {
                            p.onExit().get(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            p.destroyForcibly();
                        }
                    });
                }
                return startStack(data, ports, kind + "-" + (n + 1) + ".out");
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return stack;
    }

    private static void kill(Path run, String child) throws IOException {
        long pid = Long.parseLong(Files.readString(run.resolve(child + ".pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        System.out.println("  killed " + child + " (pid " + pid + ")");
    }

    private static Map<String, Long> children(Path run) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (var files = Files.list(run)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                if (!name.equals("stack")) {
                    pids.put(name, Long.parseLong(Files.readString(file).strip()));
                }
            }
        }
        return pids;
    }

    private Process startStack(Path data, int[] ports, String output) throws Exception {
        List<String> command = new ArrayList<>(LocalStack.selfCommand());
        command.addAll(List.of(
                "--home=" + home,
                "--data-dir=" + data.resolve("local"),
                "--kafka-port=" + ports[0],
                "--controller-port=" + ports[1],
                "--mongo-port=" + ports[2],
                "--ingest-port=" + ports[3],
                "--timeline-port=" + ports[4],
                "--export-port=" + ports[5],
                "--max-restarts=100",
                "--no-demo"));
        Path out = data.resolve(output);
        Process stack = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (!Files.readString(out).contains("Everything is up")) {
            if (!stack.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the stack did not start; see " + out);
            }
            Thread.sleep(200);
        }
        return stack;
    }

    private Process startExtraIngest(Path data, String bootstrap, String mongoUri) throws Exception {
        Path jar = home.resolve("ingest-service").resolve("target").resolve("ingest-service-exec.jar");
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("second-ingest.log").toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        builder.environment().put("MONGO_URI", mongoUri);
        builder.environment().put("PORT", Integer.toString(freePort()));
        builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
        Process process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!Files.readString(data.resolve("second-ingest.log")).contains("partitions assigned")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the second ingest instance did not join the group");
            }
            Thread.sleep(200);
        }
        return process;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        1_100_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        600_000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        600_000,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        256L << 20),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Sets of ten events per customer: two messages, a call of three events, a sent mail and its open, a ticket. */
    private List<TimelineEvent> validEvents(String tenant) {
        List<TimelineEvent> all = new ArrayList<>(events);
        Staff agent = new Staff("agent-1", "Đặng Thu Hà");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int set = 0; all.size() < events; set++) {
            CustomerRef customer = CustomerRef.id("cus-" + (set % 500));
            Instant at = t0.plusSeconds(set * 60L);
            String s = "f" + set;
            var b = TimelineEvent.builder(tenant, customer).source("faults");
            List<TimelineEvent> ten = List.of(
                    b.build(s + "-m1", at, new MessageReceived(Channel.ZALO, "conv-" + s, "Cho mình hỏi đơn " + s)),
                    TimelineEvent.builder(tenant, customer)
                            .source("faults")
                            .staff(agent)
                            .build(s + "-m2", at.plusSeconds(5), new MessageSent(Channel.ZALO, "conv-" + s, "Dạ")),
                    b.build(s + "-c1", at.plusSeconds(10), new CallStarted("call-" + s, Direction.INBOUND, "1900")),
                    b.build(s + "-c2", at.plusSeconds(12), new CallAnswered("call-" + s, Direction.INBOUND, "1900")),
                    b.build(
                            s + "-c3",
                            at.plusSeconds(70),
                            new CallEnded(
                                    "call-" + s, Direction.INBOUND, "1900", CallEnded.Outcome.ANSWERED, 58L, null)),
                    b.build(
                            s + "-e1",
                            at.plusSeconds(80),
                            new EmailSent("<" + s + "@shop.vn>", "Đơn " + s, "a@example.vn", null, "Cảm ơn", null)),
                    b.build(s + "-e2", at.plusSeconds(90), new EmailOpened("<" + s + "@shop.vn>", "Mozilla")),
                    TimelineEvent.builder(tenant, customer)
                            .source("faults")
                            .ticket("T-" + s)
                            .build(s + "-t1", at.plusSeconds(100), new TicketCreated("Đổi hàng", null, null, null)),
                    TimelineEvent.builder(tenant, customer)
                            .source("faults")
                            .ticket("T-" + s)
                            .build(
                                    s + "-t2",
                                    at.plusSeconds(110),
                                    new TicketCommented("Đã gọi khách", TicketCommented.Visibility.INTERNAL)),
                    b.build(s + "-s1", at.plusSeconds(120), new ScoreChanged(5L, 5L * set, "Tương tác")));
            for (TimelineEvent e : ten) {
                if (all.size() < events) {
                    all.add(e);
                }
            }
        }
        return all;
    }

    /** One record in a hundred is poison, each under a key of its own so its dead letter can be found. */
    private List<ProducerRecord<String, byte[]>> poison(String tenant, List<TimelineEvent> valid) {
        List<ProducerRecord<String, byte[]>> poison = new ArrayList<>();
        int count = Math.max(3, valid.size() / 100);
        for (int i = 0; i < count; i++) {
            String key = tenant + "/poison-" + i;
            byte[] value;
            if (i == 0) {
                value = new byte[1_048_000];
                Arrays.fill(value, (byte) '{');
            } else if (i % 2 == 1) {
                value = ("{\"specversion\":\"1.0\",\"id\":\"poison-" + i).getBytes(StandardCharsets.UTF_8);
            } else {
                value = new String(codec.encode(valid.get(i % valid.size())), StandardCharsets.UTF_8)
                        .replace("\"tenant\":\"" + tenant + "\"", "\"tenant\":\"Not A Tenant\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
            poison.add(new ProducerRecord<>(Topic.MESSAGES.topicName(), key, value));
        }
        return poison;
    }

    private List<ProducerRecord<String, byte[]>> interleave(
            List<TimelineEvent> valid, List<ProducerRecord<String, byte[]>> poison) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(valid.size() + poison.size());
        int every = Math.max(1, valid.size() / poison.size());
        int p = 0;
        for (int i = 0; i < valid.size(); i++) {
            TimelineEvent event = valid.get(i);
            records.add(
                    new ProducerRecord<>(event.type().topic().topicName(), event.partitionKey(), codec.encode(event)));
            if (i % every == every / 2 && p < poison.size()) {
                records.add(poison.get(p++));
            }
        }
        while (p < poison.size()) {
            records.add(poison.get(p++));
        }
        return records;
    }

    /** Waits until the ingest group has committed everything published on the six topics. */
    private static void awaitDrained(String bootstrap, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    long lag = lag(admin);
                    if (lag == 0) {
                        return;
                    }
                } catch (Exception notNow) {
                    // the broker or the group is coming back
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the backlog did not drain within " + timeout);
                }
                Thread.sleep(500);
            }
        }
    }

    private static long lag(Admin admin) throws Exception {
        var committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var topic : admin.describeTopics(
                        Arrays.stream(Topic.values()).map(Topic::topicName).toList())
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .values()) {
            topic.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            var done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** How many valid events are not stored, and how many are stored more than once. */
    private static long[] stored(String mongoUri, String tenant, List<TimelineEvent> valid) {
        Map<String, Integer> seen = new HashMap<>();
        try (MongoClient client = MongoClients.create(mongoUri)) {
            var db = client.getDatabase("timeline");
            for (Document d : db.getCollection(TimelineFields.DEFAULT_COLLECTION)
                    .find(Filters.and(
                            Filters.eq(TimelineFields.TENANT, tenant),
                            Filters.exists(TimelineFields.PART_COUNT, false)))
                    .projection(Projections.include(TimelineFields.EVENT_ID))
                    .batchSize(5000)) {
                seen.merge(d.getString(TimelineFields.EVENT_ID), 1, Integer::sum);
            }
            for (Document d : db.getCollection(TimelineFields.PARTS_COLLECTION)
                    .find(Filters.eq(TimelineFields.TENANT, tenant))
                    .projection(Projections.include(TimelineFields.EVENT_ID))
                    .batchSize(5000)) {
                seen.merge(d.getString(TimelineFields.EVENT_ID), 1, Integer::sum);
            }
        }
        long lost = 0;
        long doubled = 0;
        for (TimelineEvent event : valid) {
            int n = seen.getOrDefault(event.id(), 0);
            if (n == 0) {
                lost++;
            } else if (n > 1) {
                doubled++;
            }
        }
        return new long[] {lost, doubled};
    }

    /** How many poison records have no dead letter (found by their keys). */
    private static long poisonMissing(String bootstrap, List<ProducerRecord<String, byte[]>> poison) {
        Set<String> wanted = new HashSet<>();
        poison.forEach(p -> wanted.add(p.key()));
        Set<String> found = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fault-suite-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        2 * 1024 * 1024),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.MESSAGES.deadLetterName()));
            Instant deadline = Instant.now().plusSeconds(60);
            while (!found.containsAll(wanted) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> found.add(r.key()));
            }
        }
        wanted.removeAll(found);
        return wanted.size();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

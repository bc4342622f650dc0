import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

/**
 * Soak BOOTSTRAP MONGO_URI TIMELINE_API EXPORT_API API_KEY GROUP TRAFFIC PRELOAD RATE READS SECONDS SEED PID_DIR PHASES
 *
 * Issue 12's check of a running local stack ({@code ./run-local.sh}), from outside, through Kafka and the HTTP API, in
 * the PHASES named (comma-separated, in this order):
 *
 * <ol>
 *   <li>preload (PRELOAD > 0): the PRELOAD records of (TRAFFIC, SEED) published as fast as the broker takes them, then
 *       waited for until the ingest group's committed offsets reach the end of every topic; each record looked up in
 *       the store by the _id ingest gives it.
 *   <li>restart: the store killed with SIGKILL (its pid file in PID_DIR); the time until the stack has started it
 *       again and it answers, then until the API serves the big customer's first page; then the preload looked up
 *       again (nothing acknowledged may be lost).
 *   <li>quiet: every kind of request 30 times one after the other (after 3 warm-ups), for customer 0 (the big one, when
 *       the traffic gives it a share with {@code -Dtraffic.bigShare}) and customer 1: the first page, each documented
 *       filter, the next page, an entry's detail, the chart, the facets (alone and with a channel chosen); then the big customer's whole export as CSV, timed.
 *   <li>soak: RATE records/s of (TRAFFIC, SEED + 1) published paced every 10 ms, while READS requests/s
 *       (open loop: sent on time whether or not earlier ones answered, 30 s timeout) ask for first pages (filtered or
 *       not) of random customers, next pages, details and charts. Every 5 s: lag from committed offsets, requests sent
 *       and answered, the RSS of the stack's processes (pid files in PID_DIR). Then the lag is waited down to 0 and
 *       every record of the soak is looked up in the store.
 * </ol>
 *
 * Prints RESULT lines (phase=preload|restart|quiet|export|soak_sample|soak|soak_kind|soak_minute|verify); exits 3 when a record is
 * missing, a request answered 5xx or failed, or the lag did not drain.
 */
public class Soak {
    static final Pattern CURSOR = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
    static final Pattern FIRST_ID = Pattern.compile("\"items\":\\[\\{\"id\":\"([^\"]+)\"");

    static String bootstrap, mongoUri, api, exportApi, key, group;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    static int failures;

    public static void main(String[] a) throws Exception {
        bootstrap = a[0];
        mongoUri = a[1];
        api = a[2];
        exportApi = a[3];
        key = a[4];
        group = a[5];
        String kind = a[6];
        int preload = Integer.parseInt(a[7]), rate = Integer.parseInt(a[8]), reads = Integer.parseInt(a[9]);
        int seconds = Integer.parseInt(a[10]);
        long seed = Long.parseLong(a[11]);
        Path pids = Path.of(a[12]);
        Set<String> phases = Set.of(a[13].split(","));
        Traffic traffic = new Traffic(kind, seed);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (phases.contains("preload")) preload(admin, traffic, preload);
            if (phases.contains("restart")) restart(pids, traffic.generate(preload));
            if (phases.contains("quiet")) quiet();
            if (phases.contains("soak")) soak(admin, new Traffic(kind, seed + 1), rate, reads, seconds, pids);
        }
        System.exit(failures == 0 ? 0 : 3);
    }

    // ------------------------------------------------------------------ preload

    static void preload(Admin admin, Traffic traffic, int n) throws Exception {
        List<Traffic.Ev> events = traffic.generate(n);
        Traffic.Shape shape = Traffic.shape(events);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> prod = producer("10", "262144")) {
            AtomicReference<Exception> err = new AtomicReference<>();
            for (Traffic.Ev e : events) {
                prod.send(new ProducerRecord<>(e.topic(), e.key(), e.value()), (md, ex) -> {
                    if (ex != null) err.compareAndSet(null, ex);
                });
            }
            prod.flush();
            if (err.get() != null) throw err.get();
        }
        long published = System.nanoTime();
        long drainedMs = drain(admin, traffic.topics(), 1800);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("RESULT phase=preload traffic=%s n=%d publish_s=%.1f stored_s=%.1f events_per_s=%.0f entries=%d"
                + " folded_events=%d lag_left=%d%n", traffic.kind, n, (published - t0) / 1e9, s, n / s, shape.plain(),
                shape.folded(), drainedMs < 0 ? lag(admin, traffic.topics()) : 0);
        verify("preload", events);
    }

    // ------------------------------------------------------------------ restart

    static void restart(Path pidDir, List<Traffic.Ev> preloaded) throws Exception {
        Path pidFile = pidDir.resolve("store.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        long t0 = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no store process " + pid)).destroyForcibly();
        long storeMs = -1, apiMs = -1;
        while ((System.nanoTime() - t0) / 1e9 < 120 && apiMs < 0) {
            if (storeMs < 0) {
                try (MongoClient m = MongoClients.create(mongoUri + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500")) {
                    if (!Files.readString(pidFile).trim().equals(Long.toString(pid))) {
                        m.getDatabase("timeline").runCommand(new Document("ping", 1));
                        storeMs = (System.nanoTime() - t0) / 1_000_000;
                    }
                } catch (Exception e) {
                    // not back yet
                }
            } else {
                try {
                    if (get(api + "/customers/" + Traffic.customerId(0) + "/timeline?limit=50").statusCode() == 200) {
                        apiMs = (System.nanoTime() - t0) / 1_000_000;
                    }
                } catch (Exception e) {
                    // not back yet
                }
            }
            if (apiMs < 0) Thread.sleep(100);
        }
        if (apiMs < 0) failures++;
        System.out.printf("RESULT phase=restart killed_pid=%d store_answers_ms=%d api_page_ms=%d%n", pid, storeMs, apiMs);
        verify("restart", preloaded);
    }

    // ------------------------------------------------------------------ quiet latency

    record Req(String kind, String path) {}

    static final String[][] FILTERS = {
        {"none", ""}, {"q", "q=giao+hang"}, {"type", "type=message.sent"}, {"excludeType", "excludeType=message.received"},
        {"source", "source=zalo-oa%2F4312"}, {"excludeSource", "excludeSource=facebook-page%2F1021"},
        {"channel", "channel=zalo,phone"}, {"direction", "direction=inbound"}, {"staff", "staff=agent-007"},
        {"from_to", "from=2026-03-01&to=2026-03-31"}
    };

    static void quiet() throws Exception {
        for (int cust : new int[] {0, 1}) {
            String c = Traffic.customerId(cust);
            String base = "/customers/" + c + "/timeline?limit=50";
            for (String[] f : FILTERS) {
                String path = f[1].isEmpty() ? base : base + "&" + f[1];
                timeQuiet(c, "page_" + f[0], () -> path);
            }
            String first = get(api + base).body();
            Matcher cur = CURSOR.matcher(first), id = FIRST_ID.matcher(first);
            if (!id.find()) throw new IllegalStateException(c + " has an empty timeline: " + first);
            if (cur.find()) {
                String next = base + "&cursor=" + cur.group(1);
                timeQuiet(c, "next_page", () -> next);
            }
            timeQuiet(c, "detail", () -> "/events/" + id.group(1));
            timeQuiet(c, "chart", () -> "/customers/" + c + "/chart");
            timeQuiet(c, "facets", () -> "/customers/" + c + "/facets");
            timeQuiet(c, "facets_channel", () -> "/customers/" + c + "/facets?channel=zalo");
        }
        long t0 = System.nanoTime();
        HttpResponse<java.io.InputStream> r = HTTP.send(request(exportApi + "/customers/" + Traffic.customerId(0)
                + "/export?format=csv", Duration.ofMinutes(10)), HttpResponse.BodyHandlers.ofInputStream());
        long rows = 0, bytes = 0;
        try (var in = r.body()) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0; ) {
                bytes += k;
                for (int j = 0; j < k; j++) if (buf[j] == '\n') rows++;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.statusCode() != 200) failures++;
        System.out.printf("RESULT phase=export customer=%s status=%d rows=%d bytes=%d s=%.1f rows_per_s=%.0f%n",
                Traffic.customerId(0), r.statusCode(), rows - 1, bytes, s, (rows - 1) / s);
    }

    static void timeQuiet(String customer, String kind, Supplier<String> path) throws Exception {
        long[] ms = new long[30];
        int bad = 0;
        for (int k = -3; k < ms.length; k++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(api + path.get());
            long t = (System.nanoTime() - t0) / 1_000_000;
            if (r.statusCode() != 200) bad++;
            if (k >= 0) ms[k] = t;
        }
        java.util.Arrays.sort(ms);
        if (bad > 0) failures++;
        System.out.printf("RESULT phase=quiet customer=%s request=%s n=%d non_200=%d p50_ms=%d p99_ms=%d max_ms=%d%n",
                customer, kind, ms.length, bad, pct(ms, 50), pct(ms, 99), ms[ms.length - 1]);
    }

    // ------------------------------------------------------------------ soak

    record Done(String kind, int status, long ms, long sentMs) {}

    static void soak(Admin admin, Traffic traffic, int rate, int reads, int seconds, Path pidDir)
            throws Exception {
        int n = rate * seconds;
        List<Traffic.Ev> events = traffic.generate(n);
        Map<String, Long> peakRss = new TreeMap<>();
        Map<String, Long> lastTicks = Map.of();
        ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
        Map<String, String> cursors = new ConcurrentHashMap<>(); // customer -> a nextCursor of its unfiltered page
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong sentReqs = new AtomicLong();
        AtomicReference<Exception> err = new AtomicReference<>();
        SplittableRandom rnd = new SplittableRandom(traffic.hashCode());
        long maxLag = 0;
        int maxInFlight = 0;

        long t0 = System.nanoTime(), startMs = System.currentTimeMillis();
        long nextSample = t0;
        try (KafkaProducer<String, byte[]> prod = producer("5", "65536")) {
            int sent = 0;
            long reqsDue;
            while (sent < n) {
                long now = System.nanoTime();
                long due = Math.min(n, (long) ((now - t0) / 1e9 * rate) + 1);
                for (; sent < due; sent++) {
                    Traffic.Ev e = events.get(sent);
                    prod.send(new ProducerRecord<>(e.topic(), e.key(), e.value()), (md, ex) -> {
                        if (ex != null) err.compareAndSet(null, ex);
                    });
                }
                reqsDue = (long) ((now - t0) / 1e9 * reads);
                while (sentReqs.get() < reqsDue) {
                    sentReqs.incrementAndGet();
                    Req q = pick(rnd, cursors, ids);
                    long s0 = System.nanoTime(), sMs = System.currentTimeMillis();
                    maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
                    HTTP.sendAsync(request(api + q.path, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((r, ex) -> {
                                inFlight.decrementAndGet();
                                long ms = (System.nanoTime() - s0) / 1_000_000;
                                done.add(new Done(q.kind, ex != null ? -1 : r.statusCode(), ms, sMs));
                                if (ex == null && r.statusCode() == 200) learn(q, r.body(), cursors, ids);
                            });
                }
                if (now >= nextSample) {
                    nextSample += 5_000_000_000L;
                    long lag = lag(admin, traffic.topics());
                    maxLag = Math.max(maxLag, lag);
                    StringBuilder rss = new StringBuilder();
                    for (var p : rss(pidDir).entrySet()) {
                        peakRss.merge(p.getKey(), p.getValue(), Math::max);
                        rss.append(' ').append(p.getKey()).append("_rss_mb=").append(p.getValue());
                    }
                    Map<String, Long> ticks = cpuTicks(pidDir);
                    for (var p : ticks.entrySet()) {
                        Long before = lastTicks.get(p.getKey());
                        if (before != null) rss.append(' ').append(p.getKey()).append("_cpu_pct=").append((p.getValue() - before) * 100 / 500);
                    }
                    lastTicks = ticks;
                    long at = (now - t0) / 1_000_000_000L;
                    long answered = done.size();
                    long bad = done.stream().filter(d -> d.status < 0 || d.status >= 500).count();
                    System.out.printf("RESULT phase=soak_sample at_s=%d published=%d lag=%d requests=%d answered=%d bad=%d"
                            + " in_flight=%d%s%n", at, sent, lag, sentReqs.get(), answered, bad, inFlight.get(), rss);
                }
                Thread.sleep(10);
            }
            prod.flush();
        }
        if (err.get() != null) throw err.get();
        double sendS = (System.nanoTime() - t0) / 1e9;
        long drainStart = System.nanoTime();
        long drained = drain(admin, traffic.topics(), 1800);
        double drainS = (System.nanoTime() - drainStart) / 1e9;
        long waitUntil = System.currentTimeMillis() + 35_000;
        while (done.size() < sentReqs.get() && System.currentTimeMillis() < waitUntil) Thread.sleep(50);

        List<Done> all = new ArrayList<>(done);
        long bad = all.stream().filter(d -> d.status < 0 || d.status >= 500).count();
        long non200 = all.stream().filter(d -> d.status != 200).count();
        long[] ms = all.stream().mapToLong(Done::ms).sorted().toArray();
        if (bad > 0 || all.size() < sentReqs.get() || drained < 0) failures++;
        StringBuilder rss = new StringBuilder();
        peakRss.forEach((k, v) -> rss.append(' ').append(k).append("_peak_rss_mb=").append(v));
        System.out.printf("RESULT phase=soak traffic=%s rate_target=%d rate_achieved=%.0f seconds=%d reads_target=%d"
                + " requests=%d answered=%d non_200=%d bad=%d p50_ms=%d p90_ms=%d p99_ms=%d max_ms=%d max_lag=%d"
                + " drain_s=%.1f max_in_flight=%d%s%n", traffic.kind, rate, n / sendS, seconds, reads, sentReqs.get(),
                all.size(), non200, bad, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.length == 0 ? -1 : ms[ms.length - 1],
                maxLag, drainS, maxInFlight, rss);
        Map<String, List<Done>> byKind = new TreeMap<>();
        for (Done d : all) byKind.computeIfAbsent(d.kind, k -> new ArrayList<>()).add(d);
        byKind.forEach((k, v) -> {
            long[] s = v.stream().mapToLong(Done::ms).sorted().toArray();
            Map<Integer, Long> statuses = new TreeMap<>();
            v.forEach(d -> statuses.merge(d.status, 1L, Long::sum));
            System.out.printf("RESULT phase=soak_kind request=%s n=%d p50_ms=%d p99_ms=%d max_ms=%d statuses=%s%n", k,
                    s.length, pct(s, 50), pct(s, 99), s[s.length - 1], statuses.toString().replace(" ", ""));
        });
        Map<Long, List<Long>> byMinute = new TreeMap<>();
        for (Done d : all) byMinute.computeIfAbsent((d.sentMs - startMs) / 60_000, k -> new ArrayList<>()).add(d.ms);
        byMinute.forEach((m, v) -> {
            long[] s = v.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("RESULT phase=soak_minute minute=%d n=%d p50_ms=%d p99_ms=%d max_ms=%d%n", m, s.length,
                    pct(s, 50), pct(s, 99), s[s.length - 1]);
        });
        verify("soak", events);
    }

    /** A request as an agent's screen makes them: mostly first pages, some filtered, next pages, details, charts. */
    static Req pick(SplittableRandom r, Map<String, String> cursors, List<String> ids) {
        String c = Traffic.customerId(r.nextInt(10) == 0 ? 0 : r.nextInt(Traffic.CUSTOMERS));
        String base = "/customers/" + c + "/timeline?limit=50";
        int k = r.nextInt(100);
        if (k < 15 && !ids.isEmpty()) return new Req("detail", "/events/" + ids.get(r.nextInt(ids.size())));
        if (k < 30 && !cursors.isEmpty()) {
            List<String> cs = new ArrayList<>(cursors.keySet());
            String cc = cs.get(r.nextInt(cs.size()));
            return new Req("next_page", "/customers/" + cc + "/timeline?limit=50&cursor=" + cursors.get(cc));
        }
        if (k < 40) return new Req("chart", "/customers/" + c + "/chart");
        if (k < 70) return new Req("page", base);
        String[] f = FILTERS[1 + r.nextInt(FILTERS.length - 1)];
        return new Req("page_filtered", base + "&" + f[1]);
    }

    static void learn(Req q, String body, Map<String, String> cursors, List<String> ids) {
        if (!q.kind.equals("page")) return;
        Matcher cur = CURSOR.matcher(body), id = FIRST_ID.matcher(body);
        String c = q.path.substring("/customers/".length(), q.path.indexOf("/timeline"));
        if (cur.find()) cursors.put(c, URLEncoder.encode(cur.group(1), StandardCharsets.UTF_8));
        if (id.find() && ids.size() < 10_000) ids.add(id.group(1));
    }

    // ------------------------------------------------------------------ shared

    static KafkaProducer<String, byte[]> producer(String lingerMs, String batchBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static HttpRequest request(String url, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("X-API-Key", key).GET().build();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(request(url, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
    }

    /** Records of the topics not yet committed by the ingest group (a partition it never committed counts whole). */
    static long lag(Admin admin, Collection<String> topics) throws Exception {
        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        d.values().forEach(t -> t.partitions().forEach(p -> ends.put(new TopicPartition(t.name(), p.partition()),
                OffsetSpec.latest())));
        var end = admin.listOffsets(ends).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Waits until the lag is 0: ms it took, or -1 after maxSeconds. */
    static long drain(Admin admin, Collection<String> topics, int maxSeconds) throws Exception {
        long t0 = System.currentTimeMillis();
        while (lag(admin, topics) > 0) {
            if (System.currentTimeMillis() - t0 > maxSeconds * 1000L) return -1;
            Thread.sleep(250);
        }
        return System.currentTimeMillis() - t0;
    }

    /** Every record is in the store under the _id ingest gives it (its entry's, or its part's when folded). */
    static void verify(String phase, List<Traffic.Ev> events) {
        long missing = 0, checked = 0;
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoCollection<Document> entries = mongo.getDatabase("timeline").getCollection("timeline");
            MongoCollection<Document> parts = mongo.getDatabase("timeline").getCollection(Traffic.PARTS_COLLECTION);
            for (boolean folded : new boolean[] {false, true}) {
                List<String> ids = events.stream().filter(e -> e.folded() == folded).map(Traffic.Ev::entryId).toList();
                for (int k = 0; k < ids.size(); k += 1000) {
                    List<String> chunk = ids.subList(k, Math.min(ids.size(), k + 1000));
                    Set<String> found = new HashSet<>();
                    for (Document d : (folded ? parts : entries).find(Filters.in("_id", chunk))
                            .projection(Projections.include("_id"))) {
                        found.add(d.getString("_id"));
                    }
                    checked += chunk.size();
                    missing += chunk.size() - found.size();
                }
            }
        }
        if (missing > 0) failures++;
        System.out.printf("RESULT phase=verify of=%s checked=%d missing=%d%n", phase, checked, missing);
    }

    /** User + system CPU time in clock ticks (100 per second) of each process of the stack, by its pid file's name. */
    static Map<String, Long> cpuTicks(Path pidDir) {
        Map<String, Long> out = new TreeMap<>();
        try (var files = Files.list(pidDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                String stat = Files.readString(Path.of("/proc", Files.readString(f).trim(), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.put(f.getFileName().toString().replace(".pid", "").replace('-', '_'),
                        Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        } catch (Exception e) {
            // a process restarting between the listing and the read: no sample this time
        }
        return out;
    }

    /** VmRSS in MB of each process of the stack, by the name of its pid file. */
    static Map<String, Long> rss(Path pidDir) {
        Map<String, Long> out = new TreeMap<>();
        try (var files = Files.list(pidDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                String pid = Files.readString(f).trim();
                for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        String name = f.getFileName().toString().replace(".pid", "").replace('-', '_');
                        out.put(name, Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                    }
                }
            }
        } catch (Exception e) {
            // a process restarting between the listing and the read: no sample this time
        }
        return out;
    }

    static long pct(long[] sorted, int q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q / 100.0 * sorted.length) - 1)];
    }
}

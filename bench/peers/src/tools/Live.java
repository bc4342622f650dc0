import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Live BOOTSTRAP TIMELINE_API METRICS_URL API_KEY TRAFFIC RATE SECONDS STREAMS IDLE_STREAMS SEED PID_DIR
 *
 * Issue 13's benchmark of the live streams on a running local stack ({@code ./run-local.sh}), from outside:
 *
 * <ol>
 *   <li>memory: the timeline service's heap after a full GC ({@code jcmd GC.run}) with no stream open, then with
 *       IDLE_STREAMS idle streams open (of customers no traffic touches): the difference per stream.
 *   <li>push: STREAMS streams open, one per customer cus-000000 … (the traffic's first customers), while RATE records/s
 *       of (TRAFFIC, SEED) are published for SECONDS, paced every 10 ms. For every entry of its own (not folded) on a
 *       streamed customer, the time from its publication to its {@code new} event on the stream (produced → pushed:
 *       ingest included); and the service's own {@code timeline_live_delay_seconds} histogram over the run (ingest's
 *       write → sent).
 * </ol>
 *
 * Prints RESULT lines (phase=memory|push|delay).
 */
public class Live {
    static final Pattern ITEM_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String api = args[1];
        String metricsUrl = args[2];
        String key = args[3];
        String traffic = args[4];
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int streams = Integer.parseInt(args[7]);
        int idle = Integer.parseInt(args[8]);
        long seed = Long.parseLong(args[9]);
        Path pidDir = Path.of(args[10]);
        HttpClient http = HttpClient.newHttpClient();
        long pid = Long.parseLong(Files.readString(pidDir.resolve("timeline-service.pid")).strip());

        if (idle > 0) {
            long before = heapAfterGc(http, metricsUrl, pid);
            List<Stream> opened = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                opened.add(new Stream(api + "/customers/idle-" + i + "/timeline/stream", key, null));
            }
            for (Stream s : opened) s.awaitReady();
            long with = heapAfterGc(http, metricsUrl, pid);
            System.out.printf("RESULT phase=memory idle_streams=%d heap_before=%d heap_with=%d bytes_per_stream=%d%n",
                    idle, before, with, (with - before) / idle);
            opened.forEach(Stream::close);
            long until = System.nanoTime() + 60_000_000_000L;
            while (openOnServer(http, metricsUrl) > 0 && System.nanoTime() < until) {
                Thread.sleep(500); // the server notices a closed stream at its next write (a heartbeat)
            }
        }

        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        List<Stream> open = new ArrayList<>();
        for (int c = 0; c < streams; c++) {
            open.add(new Stream(api + "/customers/" + Traffic.customerId(c) + "/timeline/stream", key, publishedAt));
        }
        for (Stream s : open) s.awaitReady();
        double[] before = histogram(http, metricsUrl);

        Traffic generator = new Traffic(traffic, seed);
        List<Traffic.Ev> events = generator.generate(rate * seconds);
        java.util.Set<String> watched = new java.util.HashSet<>();
        for (int c = 0; c < streams; c++) watched.add(Traffic.customerId(c));
        int expected = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            int perTick = Math.max(1, rate / 100);
            for (int i = 0; i < events.size(); i++) {
                if (i % perTick == 0) {
                    long due = start + (long) (i / perTick) * 10_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                Traffic.Ev e = events.get(i);
                boolean mine = !e.folded() && watched.contains(customerOf(e.key()));
                if (mine) {
                    publishedAt.put(e.entryId(), System.nanoTime());
                    expected++;
                }
                producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value()));
            }
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (received(open) < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<Long> latencies = new ArrayList<>();
        for (Stream s : open) latencies.addAll(s.latencies);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        int news = open.stream().mapToInt(s -> s.news.get()).sum();
        int changed = open.stream().mapToInt(s -> s.changed.get()).sum();
        System.out.printf(
                "RESULT phase=push streams=%d rate=%d seconds=%d traffic=%s expected=%d received=%d new_events=%d"
                        + " changed_events=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                streams, rate, seconds, traffic, expected, sorted.length, news, changed,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        double[] after = histogram(http, metricsUrl);
        System.out.println("RESULT phase=delay " + delay(before, after));
        open.forEach(Stream::close);
    }

    static String customerOf(String recordKey) {
        int slash = recordKey.indexOf('/');
        return slash < 0 ? recordKey : recordKey.substring(slash + 1);
    }

    static double openOnServer(HttpClient http, String metricsUrl) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^timeline_live_streams\\{[^}]*\\} ([0-9.eE+]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static int received(List<Stream> open) {
        return open.stream().mapToInt(s -> s.latencies.size()).sum();
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** The heap the timeline service uses after a full collection. */
    static long heapAfterGc(HttpClient http, String metricsUrl, long pid) throws Exception {
        for (int i = 0; i < 2; i++) {
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        }
        String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)").matcher(body);
        while (m.find()) heap += Double.parseDouble(m.group(1));
        return (long) heap;
    }

    /** The cumulative bucket counts of timeline_live_delay_seconds, by upper bound (the last: the count). */
    static double[] histogram(HttpClient http, String metricsUrl) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^timeline_live_delay_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} ([0-9.eE+]+)")
                .matcher(body);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        BOUNDS = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        return buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] BOUNDS = new double[0];

    static String delay(double[] before, double[] after) {
        if (after.length == 0) return "histogram=absent";
        double[] d = new double[after.length];
        for (int i = 0; i < after.length; i++) d[i] = after[i] - (i < before.length ? before[i] : 0);
        double total = d[d.length - 1];
        return String.format("pushed=%.0f p50_le_ms=%s p99_le_ms=%s", total, bound(d, total * 0.5), bound(d, total * 0.99));
    }

    static String bound(double[] cumulative, double rank) {
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= rank) return BOUNDS[i] == Double.POSITIVE_INFINITY ? "inf" : String.format("%.1f", BOUNDS[i] * 1000);
        }
        return "inf";
    }

    /** One SSE client on a plain connection: counts new and changed events, times those of published entries. */
    static final class Stream {
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger news = new AtomicInteger();
        final AtomicInteger changed = new AtomicInteger();
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        volatile HttpURLConnection connection;

        Stream(String url, String key, Map<String, Long> publishedAt) {
            Thread reader = new Thread(() -> {
                try {
                    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                    connection = c;
                    c.setRequestProperty("X-API-Key", key);
                    c.setRequestProperty("Accept", "text/event-stream");
                    if (c.getResponseCode() != 200) {
                        throw new IllegalStateException(url + " answered " + c.getResponseCode());
                    }
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                        String event = null;
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("event:")) {
                                event = line.substring(6).strip();
                                if (event.equals("ready")) ready.countDown();
                            } else if (line.startsWith("data:") && event != null && publishedAt != null) {
                                if (event.equals("new")) {
                                    news.incrementAndGet();
                                    Matcher m = ITEM_ID.matcher(line);
                                    if (m.find()) {
                                        Long at = publishedAt.remove(m.group(1));
                                        if (at != null) latencies.add(System.nanoTime() - at);
                                    }
                                } else if (event.equals("changed")) {
                                    changed.incrementAndGet();
                                }
                            } else if (line.isEmpty()) {
                                event = null;
                            }
                        }
                    }
                } catch (Exception e) {
                    if (ready.getCount() > 0) System.err.println("stream failed: " + e);
                    ready.countDown();
                }
            }, "sse");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitReady() throws InterruptedException {
            ready.await();
        }

        /** Closes the connection; on a thread of its own, as it waits for the reader's lock (until a line arrives). */
        void close() {
            HttpURLConnection c = connection;
            if (c != null) {
                Thread closer = new Thread(c::disconnect, "close");
                closer.setDaemon(true);
                closer.start();
            }
        }
    }
}

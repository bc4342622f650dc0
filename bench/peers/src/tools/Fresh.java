import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

/**
 * Fresh BOOTSTRAP URI DB COLL TRAFFIC RATE SECONDS SEED SAMPLE_EVERY WARM_S
 *
 * Freshness of the ingest-service (running, partitions assigned, topics empty): publishes the TRAFFIC records at RATE
 * events/s for SECONDS (paced every 10 ms; linger 5 ms, acks=all) and notes the send time (just before send()) of
 * every SAMPLE_EVERY-th record. A poller looks the pending samples up every 20 ms by the _id the service stores them
 * under (EntryIds.of(tenant, source, id), see Traffic.entryId), with `_id $in` queries (the store's _id index): in COLL
 * for an entry of its own, in timeline_parts for an event of a call or sent e-mail. latency = first seen - sent
 * (± one poll). Prints RESULT phase=fresh (all samples) with p50/p90/p99/max, the same for the samples sent WARM_S s or
 * more after the first send (warm_*; -1 when there are none), and phase=fresh_window per 10 s of send time.
 * Gives up 120 s after the last send; exits 3 if a sample was never seen.
 */
public class Fresh {
    static volatile boolean sendingDone;

    public static void main(String[] a) throws Exception {
        String bootstrap = a[0], uri = a[1], db = a[2], coll = a[3];
        Traffic traffic = new Traffic(a[4], Long.parseLong(a[7]));
        int rate = Integer.parseInt(a[5]), seconds = Integer.parseInt(a[6]), every = Integer.parseInt(a[8]);
        long warmMs = Long.parseLong(a[9]) * 1000;
        int n = rate * seconds;
        List<Traffic.Ev> events = traffic.generate(n);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        record Sample(String id, boolean part, long sentMs) {}
        ConcurrentLinkedQueue<Sample> fresh = new ConcurrentLinkedQueue<>();
        List<long[]> seen = new ArrayList<>(); // {sentMs, latencyMs}
        AtomicReference<Throwable> err = new AtomicReference<>();
        int expected = (n + every - 1) / every;
        Thread poller = new Thread(() -> {
            try (MongoClient mc = MongoClients.create(uri)) {
                Map<Boolean, MongoCollection<Document>> where = Map.of(
                        false, mc.getDatabase(db).getCollection(coll),
                        true, mc.getDatabase(db).getCollection(Traffic.PARTS_COLLECTION));
                Map<String, Sample> pending = new HashMap<>();
                long giveUp = Long.MAX_VALUE;
                while (seen.size() < expected && System.currentTimeMillis() < giveUp) {
                    for (Sample s; (s = fresh.poll()) != null; ) pending.put(s.id, s);
                    if (sendingDone && giveUp == Long.MAX_VALUE) giveUp = System.currentTimeMillis() + 120_000;
                    for (boolean part : new boolean[] {false, true}) {
                        List<String> ids = pending.values().stream().filter(s -> s.part == part).map(Sample::id).toList();
                        for (int k = 0; k < ids.size(); k += 1000) {
                            var q = Filters.in("_id", ids.subList(k, Math.min(ids.size(), k + 1000)));
                            for (Document d : where.get(part).find(q).projection(Projections.include("_id"))) {
                                long now = System.currentTimeMillis();
                                Sample s = pending.remove(d.getString("_id"));
                                if (s != null) synchronized (seen) { seen.add(new long[] {s.sentMs, now - s.sentMs}); }
                            }
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (Throwable e) { err.compareAndSet(null, e); }
        }, "poller");
        poller.start();

        long t0, t1, firstSendMs;
        try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p)) {
            for (String t : traffic.topics()) prod.partitionsFor(t);
            t0 = System.nanoTime();
            firstSendMs = System.currentTimeMillis();
            int sent = 0;
            while (sent < n) {
                long due = Math.min(n, (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
                for (; sent < due; sent++) {
                    Traffic.Ev e = events.get(sent);
                    if (sent % every == 0) fresh.add(new Sample(e.entryId(), e.folded(), System.currentTimeMillis()));
                    prod.send(new ProducerRecord<>(e.topic(), e.key(), e.value()), (md, ex) -> { if (ex != null) err.compareAndSet(null, ex); });
                }
                Thread.sleep(10);
            }
            prod.flush();
            t1 = System.nanoTime();
        }
        sendingDone = true;
        poller.join();
        if (err.get() != null) throw new RuntimeException(err.get());
        long[] all = seen.stream().mapToLong(x -> x[1]).sorted().toArray();
        long[] warm = seen.stream().filter(x -> x[0] - firstSendMs >= warmMs).mapToLong(x -> x[1]).sorted().toArray();
        System.out.printf("RESULT phase=fresh traffic=%s n=%d rate_target=%d rate_achieved=%.0f samples=%d seen=%d p50_ms=%d p90_ms=%d"
                + " p99_ms=%d max_ms=%d warm_after_s=%d warm_samples=%d warm_p50_ms=%d warm_p99_ms=%d%n",
            traffic.kind, n, rate, n / ((t1 - t0) / 1e9), expected, all.length, pct(all, 50), pct(all, 90), pct(all, 99),
            all.length == 0 ? -1 : all[all.length - 1], warmMs / 1000, warm.length, pct(warm, 50), pct(warm, 99));
        for (int w = 0; w * 10 < seconds; w++) {
            final long from = w * 10_000L;
            long[] win = seen.stream().filter(x -> x[0] - firstSendMs >= from && x[0] - firstSendMs < from + 10_000)
                    .mapToLong(x -> x[1]).sorted().toArray();
            if (win.length > 0) System.out.printf("RESULT phase=fresh_window from_s=%d samples=%d p50_ms=%d p99_ms=%d max_ms=%d%n",
                    w * 10, win.length, pct(win, 50), pct(win, 99), win[win.length - 1]);
        }
        System.exit(all.length == expected ? 0 : 3);
    }

    static long pct(long[] sorted, int q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q / 100.0 * sorted.length) - 1)];
    }
}

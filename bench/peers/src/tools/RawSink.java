import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Contender B, the limit: the leanest path from the topics into the store, and small store chores.
 *
 *   RawSink consume BOOTSTRAP TOPICS(comma-separated) N URI DB COLL
 *     one consumer (fresh group, from the beginning, no commits) cuts the records into batches of 1000 values;
 *     B_WORKERS threads (env, default 2) convert each value (Jackson streaming -> RawBsonDocument, _id = the event's
 *     "id") and insertMany(ordered=false) the batch into DB.COLL. When N documents are acknowledged it prints
 *     "B DONE" and idles until it is stopped, so that the harness measures it (count, /proc CPU and RSS) exactly as it
 *     measures A and C.
 *   RawSink warmup URI DB COLL M      inserts M converted events (another seed) in batches of 1000, then drops COLL
 *   RawSink drop-db URI DB            drops the database (between contenders)
 */
public class RawSink {
    static final int BATCH = 1000;
    static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    static final List<byte[]> POISON = new ArrayList<>();

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "consume" -> consume(a[1], List.of(a[2].split(",")), Long.parseLong(a[3]), a[4], a[5], a[6]);
            case "warmup" -> warmup(a[1], a[2], a[3], Integer.parseInt(a[4]));
            case "drop-db" -> {
                try (MongoClient mc = MongoClients.create(a[1])) { mc.getDatabase(a[2]).drop(); }
            }
            default -> throw new IllegalArgumentException("mode? " + a[0]);
        }
    }

    static void consume(String bootstrap, List<String> topics, long n, String uri, String db, String coll) throws Exception {
        int workers = Integer.parseInt(System.getenv().getOrDefault("B_WORKERS", "2"));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "peers-b-" + System.currentTimeMillis());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(BATCH));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

        try (MongoClient mc = MongoClients.create(uri)) {
            MongoCollection<RawBsonDocument> c = mc.getDatabase(db).getCollection(coll, RawBsonDocument.class);
            BlockingQueue<List<byte[]>> q = new ArrayBlockingQueue<>(workers * 2);
            AtomicLong acked = new AtomicLong();
            AtomicReference<Throwable> err = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Thread t = new Thread(() -> {
                    try {
                        for (List<byte[]> values; (values = q.take()) != POISON; ) {
                            List<RawBsonDocument> docs = new ArrayList<>(values.size());
                            for (byte[] v : values) docs.add(JsonBson.convert(v, "id"));
                            c.insertMany(docs, UNORDERED);
                            acked.addAndGet(docs.size());
                        }
                    } catch (Throwable e) { err.compareAndSet(null, e); }
                }, "insert-" + w);
                t.start();
                threads.add(t);
            }
            long got = 0;
            try (KafkaConsumer<byte[], byte[]> kc = new KafkaConsumer<>(p)) {
                kc.subscribe(topics);
                List<byte[]> batch = new ArrayList<>(BATCH);
                while (got < n) {
                    for (ConsumerRecord<byte[], byte[]> r : kc.poll(Duration.ofMillis(200))) {
                        batch.add(r.value());
                        if (++got == n || batch.size() == BATCH) { handOff(q, batch, err); batch = new ArrayList<>(BATCH); }
                        if (got == n) break;
                    }
                    if (err.get() != null) throw new RuntimeException(err.get());
                }
                for (int w = 0; w < workers; w++) handOff(q, POISON, err);
            }
            for (Thread t : threads) t.join();
            if (err.get() != null) throw new RuntimeException(err.get());
            System.out.println("B DONE consumed=" + got + " acked=" + acked.get() + " workers=" + workers);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // measured, then stopped by the harness
        }
    }

    static void handOff(BlockingQueue<List<byte[]>> q, List<byte[]> b, AtomicReference<Throwable> err) throws InterruptedException {
        while (!q.offer(b, 100, TimeUnit.MILLISECONDS))
            if (err.get() != null) throw new RuntimeException(err.get());
    }

    static void warmup(String uri, String db, String coll, int m) {
        List<Traffic.Ev> events = new Traffic("mixed", 7).generate(m);
        try (MongoClient mc = MongoClients.create(uri)) {
            MongoCollection<BsonDocument> c = mc.getDatabase(db).getCollection(coll, BsonDocument.class);
            c.drop();
            long t0 = System.nanoTime();
            List<BsonDocument> batch = new ArrayList<>(BATCH);
            for (Traffic.Ev e : events) {
                batch.add(JsonBson.convert(e.value(), "id"));
                if (batch.size() == BATCH) { c.insertMany(batch, UNORDERED); batch = new ArrayList<>(BATCH); }
            }
            if (!batch.isEmpty()) c.insertMany(batch, UNORDERED);
            System.out.printf("RESULT phase=warmup n=%d ms=%d count=%d%n", m, (System.nanoTime() - t0) / 1_000_000, c.countDocuments());
            c.drop();
        }
    }
}

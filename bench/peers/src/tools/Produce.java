import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produce BOOTSTRAP TRAFFIC N SEED
 *
 * Generates the N records (untimed), then publishes each on its family's topic with its key (timed: first send() ..
 * flush() returned with every ack; linger 10 ms, 256 KiB batches, acks=all). Prints
 * RESULT phase=produce n ms bytes avg_bytes plain folded heads (the last three: what the ingest-service makes of them).
 */
public class Produce {
    public static void main(String[] a) throws Exception {
        String bootstrap = a[0];
        Traffic traffic = new Traffic(a[1], Long.parseLong(a[3]));
        int n = Integer.parseInt(a[2]);
        List<Traffic.Ev> events = traffic.generate(n);
        long bytes = 0;
        for (Traffic.Ev e : events) bytes += e.value().length;

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> err = new AtomicReference<>();
        long t0, t1;
        try (KafkaProducer<String, byte[]> prod = new KafkaProducer<>(p)) {
            for (String t : traffic.topics()) prod.partitionsFor(t); // metadata outside the timed section
            t0 = System.nanoTime();
            for (Traffic.Ev e : events) {
                prod.send(new ProducerRecord<>(e.topic(), e.key(), e.value()), (md, ex) -> {
                    if (ex != null) err.compareAndSet(null, ex); else acked.incrementAndGet();
                });
            }
            prod.flush();
            t1 = System.nanoTime();
        }
        if (err.get() != null) throw err.get();
        if (acked.get() != n) throw new IllegalStateException("acked " + acked.get() + " != " + n);
        Traffic.Shape s = Traffic.shape(events);
        System.out.printf("RESULT phase=produce n=%d ms=%d bytes=%d avg_bytes=%.1f plain=%d folded=%d heads=%d%n",
            n, (t1 - t0) / 1_000_000, bytes, (double) bytes / n, s.plain(), s.folded(), s.heads());
    }
}

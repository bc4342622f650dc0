package dev.timeline.ingest.write;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import dev.timeline.ingest.IngestProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The last write of every batch: where this consumer has got to (topic, partition, offset), written with
 * {@code j: true}. The store answers it only once the journal holds it, and with it every write acknowledged before it
 * (the journal is written in order), so the container commits the batch's offsets only once the batch is on disk: a
 * store that crashes right after acknowledging loses nothing that Kafka will not deliver again. One write per batch,
 * whatever its size. Off ({@code timeline.ingest.journal=false}) where the connection's write concern makes every
 * write wait for the disk already.
 */
@Component
public class Checkpoints {
    public static final String COLLECTION = "ingest_checkpoints";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> checkpoints;
    private final boolean enabled;
    private final CircuitBreaker breaker;

    Checkpoints(MongoTemplate mongo, IngestProperties properties, CircuitBreaker storeBreaker) {
        MongoCollection<Document> collection = mongo.getCollection(COLLECTION);
        this.checkpoints =
                collection.withWriteConcern(collection.getWriteConcern().withJournal(true));
        this.enabled = properties.journal();
        this.breaker = storeBreaker;
    }

    public void batchStored(List<ConsumerRecord<String, byte[]>> records, Instant at) {
        if (!enabled || records.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            last.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
        }
        Map<String, Long> offsets = new TreeMap<>();
        last.forEach((partition, offset) -> offsets.put(partition.toString(), offset)); // "topic-partition"
        Document checkpoint = new Document("at", Date.from(at))
                .append("records", records.size())
                .append("offsets", new Document(Map.copyOf(offsets)));
        String consumer = Thread.currentThread().getName();
        breaker.executeRunnable(() -> checkpoints.replaceOne(new Document("_id", consumer), checkpoint, UPSERT));
    }
}

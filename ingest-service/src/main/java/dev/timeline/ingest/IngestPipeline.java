package dev.timeline.ingest;

import dev.timeline.events.Decoded;
import dev.timeline.ingest.deadletter.DeadLetter;
import dev.timeline.ingest.deadletter.DeadLetterPublisher;
import dev.timeline.ingest.decode.RecordDecoder;
import dev.timeline.ingest.normalize.TimelineEntries;
import dev.timeline.ingest.write.TimelineWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.stereotype.Service;

/**
 * One poll's worth of records: decode each, normalize the good ones, write them in one idempotent bulk, then
 * dead-letter the bad ones. The store is written first so that a retry after a store failure, which repeats the whole
 * batch, cannot send a bad record to the dead-letter topic twice; the write itself is idempotent. When this returns,
 * every record is stored or dead-lettered and the container may commit the offsets.
 */
@Service
public class IngestPipeline {
    private final RecordDecoder decoder;
    private final TimelineEntries entries;
    private final TimelineWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final Clock clock;

    IngestPipeline(
            RecordDecoder decoder,
            TimelineEntries entries,
            TimelineWriter writer,
            DeadLetterPublisher deadLetters,
            IngestMetrics metrics) {
        this.decoder = decoder;
        this.entries = entries;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    public void ingest(List<ConsumerRecord<String, byte[]>> records) {
        Instant receivedAt = clock.instant();
        List<Document> documents = new ArrayList<>(records.size());
        List<String> documentTopics = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded decoded = decoder.decode(record);
            if (decoded instanceof Decoded.Accepted accepted) {
                documents.add(entries.toDocument(accepted.event(), receivedAt));
                documentTopics.add(record.topic());
            } else {
                rejected.add(new DeadLetter(record, (Decoded.Rejected) decoded));
            }
        }
        BitSet duplicates = writer.write(documents);
        deadLetters.publish(rejected);

        Map<String, long[]> storedAndDuplicates = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            storedAndDuplicates.computeIfAbsent(documentTopics.get(i), t -> new long[2])[duplicates.get(i) ? 1 : 0]++;
        }
        storedAndDuplicates.forEach((topic, counts) -> {
            metrics.stored(topic, counts[0]);
            metrics.deduplicated(topic, counts[1]);
        });
        rejected.forEach(
                r -> metrics.deadLettered(r.record().topic(), r.rejection().reason()));
    }
}

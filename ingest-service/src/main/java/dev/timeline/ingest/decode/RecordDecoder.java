package dev.timeline.ingest.decode;

import dev.timeline.events.Decoded;
import dev.timeline.events.EventCodec;
import dev.timeline.events.RejectReason;
import dev.timeline.events.Topic;
import dev.timeline.ingest.IngestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** Decodes a record and checks that its type belongs to the topic it came on, so per-customer order holds. */
@Component
public class RecordDecoder {
    private final EventCodec codec = new EventCodec();
    private final IngestTopics topics;

    RecordDecoder(IngestTopics topics) {
        this.topics = topics;
    }

    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new Decoded.Rejected(RejectReason.MALFORMED_JSON, "the record has no value (a tombstone)");
        }
        Decoded decoded = codec.decode(record.value());
        if (decoded instanceof Decoded.Accepted accepted) {
            Topic expected = accepted.event().type().topic();
            Topic actual = topics.family(record.topic()).orElse(null);
            if (actual != expected) {
                return new Decoded.Rejected(
                        RejectReason.WRONG_TOPIC,
                        "type " + accepted.event().type().wire() + " belongs on " + topics.name(expected) + ", not "
                                + record.topic());
            }
        }
        return decoded;
    }
}

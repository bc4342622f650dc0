package dev.timeline.ingest.decode;

import dev.timeline.events.Decoded;
import dev.timeline.events.EventCodec;
import dev.timeline.events.RejectReason;
import dev.timeline.events.Topic;
import dev.timeline.ingest.IngestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Decodes a record and checks that its type belongs to the topic it came on, so per-customer order holds. Both of
 * CloudEvents' Kafka content modes are read: structured (the value is the whole event; {@code content-type}
 * {@code application/cloudevents+json}, or no {@code ce_*} headers) and binary (the attributes in {@code ce_*}
 * headers, the value is {@code data}).
 */
@Component
public class RecordDecoder {
    static final String PREFIX = "ce_";
    static final String CONTENT_TYPE = "content-type";
    private final EventCodec codec = new EventCodec();
    private final IngestTopics topics;

    RecordDecoder(IngestTopics topics) {
        this.topics = topics;
    }

    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new Decoded.Rejected(RejectReason.MALFORMED_JSON, "the record has no value (a tombstone)");
        }
        Decoded decoded = binaryMode(record) ? decodeBinary(record) : codec.decode(record.value());
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

    private static boolean binaryMode(ConsumerRecord<String, byte[]> record) {
        String contentType = header(record, CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/cloudevents")) {
            return false;
        }
        return record.headers().lastHeader(PREFIX + "specversion") != null;
    }

    private Decoded decodeBinary(ConsumerRecord<String, byte[]> record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(PREFIX) && header.value() != null) {
                attributes.put(
                        header.key().substring(PREFIX.length()), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return codec.decodeBinary(attributes, header(record, CONTENT_TYPE), record.value(), Instant.now());
    }

    private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package dev.timeline.local;

import dev.timeline.events.EventCodec;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the demo through Kafka, as connectors would: every event on its family's topic, keyed by customer, plus a
 * few redeliveries (which must not show twice) and a few broken records (which must land on the dead-letter topics).
 */
final class DemoPublisher {
    record Published(int events, int duplicates, int malformed) {}

    private final EventCodec codec = new EventCodec();
    private final String bootstrapServers;

    DemoPublisher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Published publish(List<TimelineEvent> events) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (TimelineEvent event : events) {
            records.add(record(event));
        }
        List<TimelineEvent> redelivered =
                List.of(events.get(3), events.get(events.size() / 2), events.get(events.size() - 1));
        redelivered.forEach(e -> records.add(record(e)));
        List<ProducerRecord<String, byte[]>> broken = broken(events.get(0));
        records.addAll(broken);
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        10),
                new StringSerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
        return new Published(events.size(), redelivered.size(), broken.size());
    }

    private ProducerRecord<String, byte[]> record(TimelineEvent event) {
        return new ProducerRecord<>(event.type().topic().topicName(), event.partitionKey(), codec.encode(event));
    }

    /** One of each refusal a connector's author is likely to meet. */
    private List<ProducerRecord<String, byte[]>> broken(TimelineEvent sample) {
        String valid = new String(codec.encode(sample), StandardCharsets.UTF_8);
        String key = sample.partitionKey();
        String topic = sample.type().topic().topicName();
        return List.of(
                new ProducerRecord<>(
                        topic,
                        key,
                        "{\"specversion\":\"1.0\",\"id\":\"demo-broken-1\"".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(
                        topic,
                        key,
                        valid.replace(sample.type().wire(), "sms.received")
                                .replace(sample.id(), "demo-broken-2")
                                .getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(
                        topic,
                        key,
                        valid.replace("\"tenant\":\"demo\"", "\"tenant\":\"\"")
                                .replace(sample.id(), "demo-broken-3")
                                .getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(
                        Topic.CALLS.topicName(),
                        key,
                        valid.replace(sample.id(), "demo-broken-4").getBytes(StandardCharsets.UTF_8)));
    }
}

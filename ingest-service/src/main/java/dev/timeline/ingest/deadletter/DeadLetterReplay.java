package dev.timeline.ingest.deadletter;

import dev.timeline.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Re-publishes dead letters to the topic they came from, with their original key, value and headers (without the
 * {@code timeline-dlt-*} ones, plus {@code timeline-replayed-from}), so that the ingest service reads them again once
 * what refused them is fixed:
 *
 * <pre>java -jar ingest-service-exec.jar replay-dead-letters [--topic=timeline.messages] [--reason=PROCESSING_FAILED]
 *     [--tenant=acme] [--from=2026-12-01T00:00:00Z] [--to=…] [--id=event-id] [--dry-run]</pre>
 *
 * <p>It reads each dead-letter topic from its start to where it ended when the command started, keeps the letters
 * that match every filter given ({@code --from}/{@code --to}: when the letter was refused), and republishes them. A
 * letter sent truncated cannot be replayed (its value is gone) and is counted apart. Replaying twice stores nothing
 * twice: the events keep their ids, which the ingest service deduplicates. It ends with a summary.
 */
public final class DeadLetterReplay {
    public static final String COMMAND = "replay-dead-letters";
    static final String REPLAYED_FROM = "timeline-replayed-from";
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /** What to replay; a null filter lets everything through. */
    record Filter(
            List<String> topics,
            @Nullable String reason,
            @Nullable String tenant,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable String id,
            boolean dryRun) {}

    /** What it did: per reason, how many letters matched; how many were republished or could not be. */
    record Summary(long scanned, Map<String, Long> matchedByReason, long replayed, long truncated) {
        long matched() {
            return matchedByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private DeadLetterReplay() {}

    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String prefix = System.getenv().getOrDefault("TIMELINE_TOPIC_PREFIX", "");
        Filter filter = parse(args, prefix);
        Summary summary = run(bootstrap, filter);
        System.out.printf(
                "%s: %d dead letters read, %d matched %s, %d %s, %d not replayable (sent truncated)%n",
                filter.dryRun() ? "dry run" : "replay",
                summary.scanned(),
                summary.matched(),
                summary.matchedByReason(),
                filter.dryRun() ? summary.matched() - summary.truncated() : summary.replayed(),
                filter.dryRun() ? "would be republished" : "republished",
                summary.truncated());
    }

    static Filter parse(String[] args, String prefix) {
        Map<String, String> options = new HashMap<>();
        boolean dryRun = false;
        for (String arg : args) {
            if (arg.equals(COMMAND)) {
                continue;
            }
            if (arg.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException(
                        "unknown argument " + arg + "; see the README, 'Dead-letter replay'");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        for (String name : options.keySet()) {
            if (!List.of("topic", "reason", "tenant", "from", "to", "id").contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        List<String> topics = new ArrayList<>();
        if (options.containsKey("topic")) {
            for (String topic : options.get("topic").split(",")) {
                topics.add(topic.strip());
            }
        } else {
            for (Topic topic : Topic.values()) {
                topics.add(prefix + topic.topicName());
            }
        }
        return new Filter(
                topics,
                options.get("reason"),
                options.get("tenant"),
                options.containsKey("from") ? Instant.parse(options.get("from")) : null,
                options.containsKey("to") ? Instant.parse(options.get("to")) : null,
                options.get("id"),
                dryRun);
    }

    static Summary run(String bootstrap, Filter filter) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long scanned = 0;
        long replayed = 0;
        long truncated = 0;
        Map<String, Long> matched = new TreeMap<>();
        try (var consumer =
                        new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                var producer =
                        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : filter.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic + Topic.DEAD_LETTER_SUFFIX);
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new LinkedHashMap<>(consumer.endOffsets(partitions));
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofSeconds(1))) {
                    TopicPartition tp = new TopicPartition(letter.topic(), letter.partition());
                    if (letter.offset() >= ends.get(tp)) {
                        continue;
                    }
                    scanned++;
                    if (!matches(letter, filter)) {
                        continue;
                    }
                    matched.merge(String.valueOf(header(letter, DeadLetterHeaders.REASON)), 1L, Long::sum);
                    if (header(letter, DeadLetterHeaders.TRUNCATED) != null) {
                        truncated++;
                        continue;
                    }
                    if (!filter.dryRun()) {
                        sent.add(producer.send(republished(letter)));
                        replayed++;
                    }
                }
            }
            producer.flush();
            for (var future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the broker did not take a replayed record: " + e.getCause(), e);
        }
        return new Summary(scanned, matched, replayed, truncated);
    }

    private static boolean matches(ConsumerRecord<byte[], byte[]> letter, Filter filter) {
        if (filter.reason() != null && !filter.reason().equals(header(letter, DeadLetterHeaders.REASON))) {
            return false;
        }
        if (filter.from() != null || filter.to() != null) {
            String refused = header(letter, DeadLetterHeaders.REJECTED_AT);
            Instant at = refused == null ? null : Instant.parse(refused);
            if (at == null
                    || (filter.from() != null && at.isBefore(filter.from()))
                    || (filter.to() != null && at.isAfter(filter.to()))) {
                return false;
            }
        }
        if (filter.tenant() != null && !filter.tenant().equals(tenant(letter))) {
            return false;
        }
        return filter.id() == null || filter.id().equals(field(letter, "id"));
    }

    /** The tenant the record named: its {@code ce_tenant} header, its JSON's tenant, or its key's first part. */
    private static @Nullable String tenant(ConsumerRecord<byte[], byte[]> letter) {
        String tenant = field(letter, "tenant");
        if (tenant == null && letter.key() != null) {
            String key = new String(letter.key(), StandardCharsets.UTF_8);
            int slash = key.indexOf('/');
            tenant = slash > 0 ? key.substring(0, slash) : null;
        }
        return tenant;
    }

    /** An envelope attribute from the binary-mode header or, looked for without parsing, the structured value. */
    private static @Nullable String field(ConsumerRecord<byte[], byte[]> letter, String name) {
        String header = header(letter, "ce_" + name);
        if (header != null) {
            return header;
        }
        if (letter.value() == null) {
            return null;
        }
        try {
            var value = JSON.readTree(letter.value()).get(name);
            return value != null && value.isString() ? value.stringValue() : null;
        } catch (tools.jackson.core.JacksonException notJson) {
            return null;
        }
    }

    private static ProducerRecord<byte[], byte[]> republished(ConsumerRecord<byte[], byte[]> letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!header.key().startsWith("timeline-dlt-")) {
                headers.add(header);
            }
        }
        headers.add(
                REPLAYED_FROM,
                (letter.topic() + "/" + letter.partition() + "/" + letter.offset()).getBytes(StandardCharsets.UTF_8));
        String original = header(letter, DeadLetterHeaders.ORIGINAL_TOPIC);
        String topic = original != null
                ? original
                : letter.topic().substring(0, letter.topic().length() - Topic.DEAD_LETTER_SUFFIX.length());
        return new ProducerRecord<>(topic, null, letter.key(), letter.value(), headers);
    }

    private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

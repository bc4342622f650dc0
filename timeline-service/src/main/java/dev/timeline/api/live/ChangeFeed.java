package dev.timeline.api.live;

import dev.timeline.events.changes.ChangeCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the changes ingest publishes ({@code timeline.changes}) and hands them to {@link LiveStreams}. Every replica
 * reads every partition, with no consumer group (nothing to commit: a replica that starts reads the last
 * {@link LiveProperties#resumeWindow()} changes again to fill its window, then follows the end), so an entry written
 * by any ingest replica reaches the clients of every timeline replica.
 *
 * <p>Why a Kafka topic rather than MongoDB change streams: Kafka is already there, partitions spread the load, it
 * works the same on real MongoDB and on the local store (whose wire server has no change streams over its journal), and
 * each change is said once by the process that made it, with what it means (new, changed, a ticket, a merge, an
 * erase), instead of being inferred from document diffs.
 */
@Component
@ConditionalOnBooleanProperty(name = "timeline.api.live.enabled", matchIfMissing = true)
class ChangeFeed implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final LiveProperties properties;
    private final LiveStreams streams;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    ChangeFeed(LiveProperties properties, LiveStreams streams) {
        this.properties = properties;
        this.streams = streams;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "live-changes");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "timeline-live-" + ProcessHandle.current().pid());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            this.consumer = consumer;
            List<TopicPartition> partitions = awaitTopic(consumer);
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            long perPartition = Math.max(1, properties.resumeWindow() / partitions.size());
            long[] start = new long[partitions.size()];
            for (TopicPartition partition : partitions) {
                long from = Math.max(beginnings.get(partition), ends.get(partition) - perPartition);
                consumer.seek(partition, from);
                start[partition.partition()] = from;
            }
            streams.started(start);
            log.info("Live streams follow {} ({} partitions)", properties.topic(), partitions.size());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                List<Sequenced> changes = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    try {
                        changes.add(
                                new Sequenced(record.partition(), record.offset(), ChangeCodec.decode(record.value())));
                    } catch (IllegalArgumentException | NullPointerException notAChange) {
                        log.warn(
                                "Skipped {}-{}@{}: {}",
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                notAChange.getMessage());
                    }
                }
                streams.dispatch(changes);
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll
        } catch (RuntimeException e) {
            log.error("The live streams' feed stopped: {}", e.toString(), e);
        } finally {
            streams.stopped();
        }
    }

    /** The topic's partitions, once it exists (ingest creates it); empty when stopped first. */
    private List<TopicPartition> awaitTopic(KafkaConsumer<byte[], byte[]> consumer) {
        boolean warned = false;
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.listTopics(Duration.ofSeconds(10)).get(properties.topic());
            } catch (org.apache.kafka.common.errors.TimeoutException brokerNotAnswering) {
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < infos.size(); p++) {
                    partitions.add(new TopicPartition(properties.topic(), p));
                }
                return partitions;
            }
            if (!warned) {
                log.warn(
                        "Waiting for the topic {} (ingest creates it); live streams open once it exists",
                        properties.topic());
                warned = true;
            }
            synchronized (this) {
                try {
                    wait(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
        return List.of();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (this) {
            notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

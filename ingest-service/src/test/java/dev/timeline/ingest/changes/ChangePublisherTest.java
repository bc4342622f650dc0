package dev.timeline.ingest.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.timeline.events.changes.Change;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.IngestTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/** The broker gone: publishing the changes never holds ingest's batch for long, and counts what the streams miss. */
class ChangePublisherTest {

    @Test
    void aBrokerThatCannotBeReachedCostsOneShortWaitThenNothingWhilePaused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        IngestProperties defaults = IngestProperties.defaults();
        IngestProperties properties = new IngestProperties(
                defaults.collection(),
                defaults.topicPrefix(),
                defaults.createTopics(),
                defaults.partitions(),
                defaults.replicationFactor(),
                defaults.retry(),
                defaults.deadLetterTimeout(),
                defaults.storeBreaker(),
                defaults.recordAttempts(),
                defaults.recordRetryBackoff(),
                defaults.journal(),
                defaults.deadLetterMaxBytes(),
                defaults.progress(),
                defaults.knownHeads(),
                new IngestProperties.Changes(
                        true, Change.TOPIC, Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMinutes(5)));
        var producers = new DefaultKafkaProducerFactory<byte[], byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChangePublisher publisher = new ChangePublisher(producers, new IngestTopics(properties), properties, meters);
        List<Change> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new Change(Change.Type.NEW, "acme", List.of("cus-" + i), "e-" + i, null, 1));
        }

        try {
            // 50 sends each waiting max.block.ms would take 15 s: one wait, then the rest is given up at once.
            assertTimeout(Duration.ofSeconds(5), () -> publisher.publish(batch));
            assertTimeout(Duration.ofSeconds(1), () -> publisher.publish(batch));

            assertThat(meters.get("timeline.ingest.changes.unpublished")
                            .counter()
                            .count())
                    .isEqualTo(100);
            assertThat(meters.get("timeline.ingest.changes.published").counter().count())
                    .isZero();
        } finally {
            producers.destroy();
        }
    }
}

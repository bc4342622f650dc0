package dev.timeline.ingest.changes;

import dev.timeline.events.changes.Change;
import dev.timeline.events.changes.ChangeCodec;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.IngestTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes what a stored batch changed to {@code timeline.changes}, for the timeline services' live streams. The
 * changes are a signal, not the record: the store is. So publishing never holds a batch back: records are sent without
 * waiting for the broker, a send the broker refuses is counted ({@code timeline.ingest.changes.unpublished}) and
 * logged, and after a send that could not even start (no metadata within {@code max.block.ms}) publishing pauses for
 * {@link IngestProperties.Changes#pauseAfterFailure()}. What a stream misses so is what a reload of the page shows.
 */
@Component
public class ChangePublisher {
    private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);

    private final KafkaTemplate<byte[], byte[]> template;
    private final String topic;
    private final IngestProperties.Changes settings;
    private final Counter published;
    private final Counter unpublished;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant pausedUntil = Instant.MIN;

    ChangePublisher(
            ProducerFactory<byte[], byte[]> producers,
            IngestTopics topics,
            IngestProperties properties,
            MeterRegistry registry) {
        this.settings = properties.changes();
        this.template = new KafkaTemplate<>(
                producers,
                Map.of(
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (int) settings.maxBlock().toMillis(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5));
        this.topic = topics.changesName();
        this.published = Counter.builder("timeline.ingest.changes.published")
                .description("Changes published for the live streams")
                .register(registry);
        this.unpublished = Counter.builder("timeline.ingest.changes.unpublished")
                .description("Changes the broker did not take (the live streams missed them)")
                .register(registry);
    }

    /** When {@code writtenAt} of the changes about to be published is: now. */
    public long now() {
        return clock.millis();
    }

    public void publish(List<Change> changes) {
        if (!settings.enabled() || changes.isEmpty()) {
            return;
        }
        if (clock.instant().isBefore(pausedUntil)) {
            unpublished.increment(changes.size());
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            java.util.concurrent.CompletableFuture<?> sent;
            try {
                sent = template.send(new ProducerRecord<>(
                        topic, change.recordKey().getBytes(StandardCharsets.UTF_8), ChangeCodec.encode(change)));
            } catch (RuntimeException cannotSend) {
                pause(changes.size() - i, cannotSend);
                return;
            }
            if (sent.isCompletedExceptionally()) {
                // Failed before it was even queued (no metadata within max.block.ms: the producer answers with a failed
                // future, it does not throw); the next send would wait as long again.
                pause(changes.size() - i, sent.handle((ok, failed) -> failed).join());
                return;
            }
            sent.whenComplete((ok, failed) -> {
                if (failed == null) {
                    published.increment();
                } else {
                    unpublished.increment();
                    log.warn("A change for the live streams was not published: {}", failed.toString());
                }
            });
        }
    }

    private void pause(int left, Throwable why) {
        unpublished.increment(left);
        pausedUntil = clock.instant().plus(settings.pauseAfterFailure());
        log.error(
                "Could not publish {} changes to {} ({}); live streams miss changes for the next {}",
                left,
                topic,
                why,
                settings.pauseAfterFailure());
    }
}

package dev.timeline.ingest.source;

import dev.timeline.events.RejectReason;
import dev.timeline.ingest.IngestPipeline;
import dev.timeline.ingest.IngestProperties;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands each polled batch to the pipeline; offsets are committed by the container only when it returns.
 *
 * <p>A failure of the store or the broker is thrown on: the container retries the whole batch with back-off, without
 * limit ({@link ListenerConfiguration}). Any other failure is a record's own: the batch is then taken apart and each
 * record ingested alone, a failing one tried {@code recordAttempts} times and then dead-lettered with
 * {@link RejectReason#PROCESSING_FAILED}, so that one record can neither stop its partition nor take the rest of the
 * batch with it. Everything the pipeline writes is idempotent, so the records of the batch that had been stored
 * already come back as duplicates.
 */
@Component
class TimelineEventsListener {
    private static final Logger log = LoggerFactory.getLogger(TimelineEventsListener.class);

    private final IngestPipeline pipeline;
    private final int attempts;
    private final long backoffMillis;

    TimelineEventsListener(IngestPipeline pipeline, IngestProperties properties) {
        this.pipeline = pipeline;
        this.attempts = Math.max(1, properties.recordAttempts());
        this.backoffMillis = properties.recordRetryBackoff().toMillis();
    }

    /** The group is {@code spring.kafka.consumer.group-id} ({@code INGEST_GROUP_ID}), not the listener's id. */
    @KafkaListener(id = "timeline-ingest", idIsGroup = false, topics = "#{@ingestTopics.names()}", batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        try {
            pipeline.ingest(records);
        } catch (RuntimeException e) {
            if (Failures.isInfrastructure(e)) {
                throw e;
            }
            log.warn(
                    "A batch of {} records failed ({}); ingesting them one by one to find the failing ones",
                    records.size(),
                    Failures.describe(e));
            records.forEach(this::ingestAlone);
        }
    }

    private void ingestAlone(ConsumerRecord<String, byte[]> record) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                pipeline.ingest(List.of(record));
                return;
            } catch (RuntimeException e) {
                if (Failures.isInfrastructure(e)) {
                    throw e;
                }
                last = e;
                if (attempt < attempts) {
                    pause(backoffMillis * attempt);
                }
            }
        }
        String reason = Failures.describe(last);
        log.error(
                "{}-{}@{} failed {} times and is dead-lettered: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                attempts,
                reason,
                last);
        pipeline.deadLetterFailed(record, "could not be stored: " + reason);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a record", e);
        }
    }
}

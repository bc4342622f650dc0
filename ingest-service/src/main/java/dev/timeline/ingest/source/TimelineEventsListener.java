package dev.timeline.ingest.source;

import dev.timeline.ingest.IngestPipeline;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands each polled batch to the pipeline; offsets are committed by the container only when it returns. */
@Component
class TimelineEventsListener {
    private final IngestPipeline pipeline;

    TimelineEventsListener(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(id = "timeline-ingest", topics = "#{@ingestTopics.names()}", batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        pipeline.ingest(records);
    }
}

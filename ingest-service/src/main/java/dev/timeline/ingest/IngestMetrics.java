package dev.timeline.ingest;

import dev.timeline.events.RejectReason;
import dev.timeline.ingest.deadletter.DeadLetterPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What the pipeline counts, per topic: {@code timeline.ingest.stored}, {@code timeline.ingest.deduplicated},
 * {@code timeline.ingest.suppressed}, {@code timeline.ingest.dead.lettered} (also per reason) and the
 * {@code timeline.ingest.batch.write} timer.
 */
@Component
public class IngestMetrics {
    private final MeterRegistry registry;
    private final Timer batchWrite;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchWrite = Timer.builder("timeline.ingest.batch.write")
                .description("Time to write one batch of timeline entries to the store")
                .publishPercentileHistogram()
                .register(registry);
    }

    public Timer batchWrite() {
        return batchWrite;
    }

    void stored(String topic, long count) {
        counter("timeline.ingest.stored", "Events written to the timeline", topic)
                .increment(count);
    }

    void deduplicated(String topic, long count) {
        counter("timeline.ingest.deduplicated", "Events already in the timeline (redeliveries, re-publications)", topic)
                .increment(count);
    }

    void suppressed(String topic) {
        counter("timeline.ingest.suppressed", "Events of erased customers, dropped", topic)
                .increment();
    }

    void deadLettered(String topic, RejectReason reason, DeadLetterPublisher.Form form) {
        Counter.builder("timeline.ingest.dead.lettered")
                .description("Events refused and sent to the dead-letter topic (form: whole, truncated, headers_only,"
                        + " unpublished)")
                .tag("topic", topic)
                .tag("reason", reason.name())
                .tag("form", form.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Time spent in one stage of a batch: {@code decode}, {@code entries}, {@code parts}, {@code heads}, … */
    public Timer stage(String stage) {
        return Timer.builder("timeline.ingest.stage")
                .description("Time spent in one stage of the ingest of a batch")
                .tag("stage", stage)
                .register(registry);
    }

    public void erased() {
        Counter.builder("timeline.ingest.erasures")
                .description("Data-subject erasures carried out")
                .register(registry)
                .increment();
    }

    private Counter counter(String name, String description, String topic) {
        return Counter.builder(name)
                .description(description)
                .tag("topic", topic)
                .register(registry);
    }
}

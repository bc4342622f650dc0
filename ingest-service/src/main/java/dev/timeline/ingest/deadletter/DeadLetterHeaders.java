package dev.timeline.ingest.deadletter;

/** Headers added to a dead-lettered record; all values are UTF-8 text, readable with {@code kcat -f '%h'}. */
public final class DeadLetterHeaders {
    /** A {@link dev.timeline.events.RejectReason} name, e.g. {@code SCHEMA_VIOLATION}. */
    public static final String REASON = "timeline-dlt-reason";
    /** What is wrong, naming each field, e.g. {@code data.durationSeconds: is required}. */
    public static final String MESSAGE = "timeline-dlt-message";

    public static final String ORIGINAL_TOPIC = "timeline-dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "timeline-dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "timeline-dlt-original-offset";
    /** When the service refused it, ISO-8601 UTC. */
    public static final String REJECTED_AT = "timeline-dlt-rejected-at";

    private DeadLetterHeaders() {}
}

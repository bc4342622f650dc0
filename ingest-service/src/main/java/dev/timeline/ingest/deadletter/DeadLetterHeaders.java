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
    /**
     * Present when the letter is not the record as it came: {@code value} (the value is cut to its first 16 KiB and
     * the original headers are left out) or {@code all} (no value at all).
     */
    public static final String TRUNCATED = "timeline-dlt-truncated";
    /** With {@link #TRUNCATED}: the original value's size in bytes, its SHA-256 (hex), how many headers it had. */
    public static final String ORIGINAL_SIZE = "timeline-dlt-original-size";

    public static final String ORIGINAL_SHA256 = "timeline-dlt-original-sha256";
    public static final String ORIGINAL_HEADERS = "timeline-dlt-original-headers";

    private DeadLetterHeaders() {}
}

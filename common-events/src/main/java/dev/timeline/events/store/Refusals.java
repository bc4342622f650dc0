package dev.timeline.events.store;

/**
 * The {@code refused_events} collection: one document per record the ingest service dead-lettered, so that a support
 * engineer can answer "why is this message missing?" for a tenant without reading the dead-letter topics. It holds
 * what the record said of itself (tenant, source, type, id, time, customer) when it could be read that far, the
 * reason and message, and where the record came from; never its content.
 */
public final class Refusals {
    public static final String COLLECTION = "refused_events";
    public static final String TENANT = "tenant";
    public static final String REASON = "reason";
    public static final String MESSAGE = "message";
    public static final String SOURCE = "source";
    public static final String TYPE = "type";
    public static final String EVENT_ID = "eventId";
    public static final String TIME = "time";
    public static final String CUSTOMER = "customer";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String SIZE = "size";
    public static final String SHA256 = "sha256";
    public static final String REFUSED_AT = "refusedAt";
    /** How the dead letter went out: {@code WHOLE}, {@code TRUNCATED}, {@code HEADERS_ONLY} or {@code UNPUBLISHED}. */
    public static final String DEAD_LETTER = "deadLetter";
    /** Index for a tenant's refusals, newest first. */
    public static final String BY_TENANT_INDEX = "refused_by_tenant";

    private Refusals() {}

    /** One document per record: its topic, partition and offset. */
    public static String id(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }
}

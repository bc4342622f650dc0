package dev.timeline.events.store;

/** Field names of a document in the timeline collection (one document per interaction). */
public final class TimelineFields {
    public static final String DEFAULT_COLLECTION = "timeline";
    /**
     * The events that fold into one entry (a call's ringing/answered/ended/recording, an e-mail's sent/delivered/
     * opened/clicked) are kept here, one document per event, each with its {@link #HEAD_ID}; the timeline holds the
     * entry (the head) rebuilt from all of them.
     */
    public static final String PARTS_COLLECTION = "timeline_parts";

    public static final String ID = "_id";
    public static final String TENANT = "tenant";
    /** The customer id, or the anonymous contact key {@code anon:<kind>:<value>} of an unlinked identity. */
    public static final String CUSTOMER_ID = "customerId";
    /** {@code {kind, value}} when the event named the customer by a channel identity. */
    public static final String IDENTITY = "identity";

    public static final String OCCURRED_AT = "occurredAt";
    public static final String RECEIVED_AT = "receivedAt";
    public static final String SOURCE = "source";
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String KIND = "kind";
    /** The event name an agent reads, e.g. "Cuộc gọi nhỡ". */
    public static final String NAME = "name";

    public static final String CHANNEL = "channel";
    public static final String DIRECTION = "direction";
    /** {@code {id, name}}. */
    public static final String STAFF = "staff";

    public static final String TICKET_ID = "ticketId";
    /** One line for the list: a message's text, an email's subject, a call's outcome and duration. */
    public static final String SUMMARY = "summary";
    /** The full content: message text, email body, comment, what an automation sent. */
    public static final String CONTENT = "content";
    /** {@code [{name, url, contentType, sizeBytes}]}. */
    public static final String ATTACHMENTS = "attachments";
    /** The kind-specific fields: a call's duration and recording, an email's subject and preview, … */
    public static final String DETAIL = "detail";
    /** What related events share: the call id, the email message id, the conversation id, the ticket id. */
    public static final String CORRELATION_ID = "correlationId";
    /** Name and summary folded by {@link dev.timeline.events.SearchText#fold}, for accent-insensitive search. */
    public static final String SEARCH = "search";

    public static final String SCHEMA_VERSION = "schemaVersion";

    /** A part's entry (head) id; a head's own id. */
    public static final String HEAD_ID = "headId";
    /** How many parts a head was built from: its version (a rebuild replaces the version it read, and adds parts). */
    public static final String PART_COUNT = "partCount";
    /** A head's parts' ids. */
    public static final String PART_IDS = "partIds";
    /** A head's parts, oldest first: {@code [{type, at}]}. */
    public static final String HISTORY = "history";

    /** Index: a customer's timeline, newest first, ties broken by id. */
    public static final String CUSTOMER_TIMELINE_INDEX = "customer_timeline";
    /** Index: a whole tenant's timeline, newest first (exports of a tenant or a date range). */
    public static final String TENANT_TIMELINE_INDEX = "tenant_timeline";
    /** Index: a ticket's timeline, newest first. */
    public static final String TICKET_TIMELINE_INDEX = "ticket_timeline";

    /** Index: the events that share a call, a mail, a conversation or a ticket. */
    public static final String CORRELATION_INDEX = "correlation";
    /** Index (parts): the parts of a head. */
    public static final String HEAD_INDEX = "parts_by_head";

    private TimelineFields() {}
}

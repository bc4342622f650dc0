package dev.timeline.events.store;

/**
 * Who a timeline belongs to, kept apart from the entries so that links, merges and undos never rewrite them: the
 * {@value #IDENTITIES} collection (channel identity → CRM customer, newest link wins) and {@value #MERGES} (merged
 * customer → survivor, active or undone), and the append-only {@value #MERGE_LOG}. Reading a customer's timeline
 * resolves its survivor and every key that belongs to it from these (see {@code timeline-query}'s
 * {@code CustomerResolver}); entries keep the key they were written with.
 */
public final class CustomerLinks {
    public static final String IDENTITIES = "identities";
    public static final String MERGES = "customer_merges";
    public static final String MERGE_LOG = "merge_log";

    public static final String TENANT = "tenant";
    /** identities: the linked customer, absent once unlinked; merges: the merged (absorbed) customer. */
    public static final String CUSTOMER_ID = "customerId";
    /** identities: {@code zalo}, {@code phone}, …; with {@link #VALUE}, the canonical identity. */
    public static final String KIND = "kind";

    public static final String VALUE = "value";
    /** The event time of the link, unlink, merge or undo that set the current state: the newest wins. */
    public static final String AT = "at";

    public static final String EVENT_ID = "eventId";
    /** merges: the survivor. */
    public static final String MERGED_INTO = "mergedInto";
    /** merges: false once undone. */
    public static final String ACTIVE = "active";

    /** merge_log: {@code merged} or {@code undone}. */
    public static final String ACTION = "action";

    public static final String SURVIVOR_ID = "survivorId";
    public static final String MERGED_ID = "mergedId";
    public static final String STAFF = "staff";

    /** Index: the identities of a customer. */
    public static final String IDENTITIES_BY_CUSTOMER_INDEX = "identities_by_customer";
    /** Index: the customers merged into a survivor. */
    public static final String MERGES_BY_SURVIVOR_INDEX = "merges_by_survivor";

    private CustomerLinks() {}

    public static String identityId(String tenant, String identityKey) {
        return EntryIds.of(tenant, "identity", identityKey);
    }

    public static String mergeId(String tenant, String mergedCustomerId) {
        return EntryIds.of(tenant, "merge", mergedCustomerId);
    }
}

package dev.timeline.events.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The {@value #COLLECTION} collection: one record per executed erase, with the request's reference, times and
 * counts, and no personal data (no customer id, no identity).
 */
public final class Erasures {
    public static final String COLLECTION = "erasures";

    /** Export jobs and their GridFS bucket (written by the export service, removed by an erase). */
    public static final String EXPORT_JOBS = "export_jobs";

    public static final String EXPORT_BUCKET = "exports";

    /**
     * The suppression list: one document per erased customer id, keyed by {@link #subject}, so that an event of an
     * erased customer that arrives after the erase (in flight on another topic, replayed) is not stored again.
     */
    public static final String ERASED_CUSTOMERS = "erased_customers";

    /**
     * An erased customer's key in {@link #ERASED_CUSTOMERS}: the SHA-256 of tenant and customer id, so the list names
     * no one in clear (it is a pseudonym: whoever knows an id can test it, which is what the list is for).
     */
    public static String subject(String tenant, String customerId) {
        byte[] digest = Digests.sha256().digest((tenant + "\u0000" + customerId).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private Erasures() {}
}

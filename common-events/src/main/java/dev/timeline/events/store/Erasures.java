package dev.timeline.events.store;

/**
 * The {@value #COLLECTION} collection: one record per executed erase, with the request's reference, times and
 * counts, and no personal data (no customer id, no identity).
 */
public final class Erasures {
    public static final String COLLECTION = "erasures";

    /** Export jobs and their GridFS bucket (written by the export service, removed by an erase). */
    public static final String EXPORT_JOBS = "export_jobs";

    public static final String EXPORT_BUCKET = "exports";

    private Erasures() {}
}

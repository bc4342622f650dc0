package dev.timeline.events;

/**
 * Why a record was not accepted. The names are a public contract: they travel in the {@code timeline-dlt-reason}
 * header of dead-lettered records and in metrics.
 */
public enum RejectReason {
    /** Not JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** {@code specversion} is not CloudEvents {@code 1.0}. */
    UNSUPPORTED_SPEC_VERSION,
    /** {@code type} is not in the catalogue. */
    UNKNOWN_TYPE,
    /** {@code schemaversion} is newer than this code reads. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** A required field is missing, has the wrong type, or breaks a rule; the message names each field. */
    SCHEMA_VIOLATION,
    /** A valid event on a topic of another channel family: it would be ordered with the wrong stream. */
    WRONG_TOPIC,
    /**
     * A valid event that could not be stored, the same way on every attempt (the store refused the document, or the
     * service failed on it); the message names the failure. Replayable once the cause is fixed.
     */
    PROCESSING_FAILED
}

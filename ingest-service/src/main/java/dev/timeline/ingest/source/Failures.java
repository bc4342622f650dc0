package dev.timeline.ingest.source;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Which failures are the infrastructure's (the store or the broker unreachable, overloaded, failing over: wait and
 * retry the whole batch, without limit) and which are a record's own (the same record fails the same way every time:
 * retry it a few times, then dead-letter it). Unknown failures count as the record's: a bug that fails one record must
 * not stop its partition for ever.
 */
final class Failures {
    /**
     * Server error codes that mean "not now": shutting down, stepping down, not primary, interrupted, timed out,
     * cannot write (the wire store's code when its log cannot be written).
     */
    private static final Set<Integer> TRANSIENT_CODES =
            Set.of(6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436);

    private Failures() {}

    static boolean isInfrastructure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoSocketException
                    || t instanceof MongoTimeoutException
                    || t instanceof MongoInterruptedException
                    || t instanceof MongoWriteConcernException
                    || t instanceof CallNotPermittedException
                    || t instanceof RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof InterruptedException) {
                return true;
            }
            if (t instanceof com.mongodb.MongoBulkWriteException bulk && bulk.getWriteConcernError() != null) {
                return true;
            }
            if (t instanceof MongoException mongo
                    && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                            || mongo.hasErrorLabel("RetryableWriteError")
                            || TRANSIENT_CODES.contains(mongo.getCode()))) {
                return true;
            }
            if (t instanceof MongoWriteException || t instanceof MongoCommandException) {
                return false;
            }
        }
        return false;
    }

    /** A one-line description for the dead-letter message: the failure's class and message, shortened. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}

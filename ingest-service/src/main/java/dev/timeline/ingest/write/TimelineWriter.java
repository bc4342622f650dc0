package dev.timeline.ingest.write;

import static dev.timeline.events.store.TimelineFields.PARTS_COLLECTION;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.timeline.ingest.IngestMetrics;
import dev.timeline.ingest.IngestProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of entries with one unordered {@code insertMany}, encoded in one pass ({@link RawDocuments}). An
 * entry whose id is already stored comes back as a duplicate-key error: that is a redelivery, reported in the returned
 * set, not a failure. Any other error means the store did not take the batch; it is thrown, and the caller retries the
 * whole batch, which this makes safe.
 *
 * <p>Why not upsert, as the MongoDB Kafka sink connector does: an insert never overwrites, so the first delivery
 * of an event wins and a redelivery is counted as such; and it is never dearer. On this project's 2-core machine the
 * team's earlier 1M-event measurement found the replace-upsert at 1.7x the CPU of an insert (52.9 s vs 30.9 s); the
 * 200k-event run of {@code bench/} found them about equal on the memory backend. See the README's benchmark section.
 */
@Component
public class TimelineWriter {
    private static final Logger log = LoggerFactory.getLogger(TimelineWriter.class);
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final MongoCollection<RawBsonDocument> collection;
    private final MongoCollection<RawBsonDocument> parts;
    private final CircuitBreaker breaker;
    private final IngestMetrics metrics;

    TimelineWriter(
            MongoTemplate mongo, IngestProperties properties, CircuitBreaker storeBreaker, IngestMetrics metrics) {
        this.collection = mongo.getCollection(properties.collection()).withDocumentClass(RawBsonDocument.class);
        this.parts = mongo.getCollection(PARTS_COLLECTION).withDocumentClass(RawBsonDocument.class);
        this.breaker = storeBreaker;
        this.metrics = metrics;
    }

    /** Returns the positions of {@code entries} that were already stored. */
    public BitSet write(List<Document> entries) {
        return write(collection, entries);
    }

    /** Stores the parts of folded entries ({@link dev.timeline.ingest.correlate.Folds}) the same way. */
    public BitSet writeParts(List<Document> entries) {
        return write(parts, entries);
    }

    private BitSet write(MongoCollection<RawBsonDocument> collection, List<Document> entries) {
        if (entries.isEmpty()) {
            return new BitSet();
        }
        List<RawBsonDocument> encoded = new ArrayList<>(entries.size());
        entries.forEach(entry -> encoded.add(RawDocuments.of(entry)));
        try {
            return metrics.batchWrite().record(() -> breaker.executeSupplier(() -> insert(collection, encoded)));
        } catch (RuntimeException e) {
            log.warn(
                    "The store did not take a batch of {} entries; it will be retried, nothing is committed: {}",
                    entries.size(),
                    e.toString());
            throw e;
        }
    }

    /**
     * One unordered {@code insertMany}; returns the positions of {@code entries} whose {@code _id} was stored already.
     * Any other error is thrown.
     */
    public static <T> BitSet insert(MongoCollection<T> collection, List<? extends T> entries) {
        BitSet duplicates = new BitSet(entries.size());
        try {
            collection.insertMany(entries, UNORDERED);
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.set(error.getIndex());
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
        }
        return duplicates;
    }
}

package dev.timeline.ingest.write;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import java.util.List;
import org.bson.Document;

/**
 * Conditional upserts whose condition says "only over something older": {@code {_id: x, at: {$lt: t}}} with
 * {@code upsert}. When the stored document is as new or newer the filter matches nothing, the upsert tries to insert
 * a second {@code x} and gets a duplicate-key error: that is the older write losing, not a failure. Works the same on
 * every MongoDB and on mongo-java-server, needs no transaction, and makes arrival order irrelevant.
 */
public final class StaleWrites {
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private StaleWrites() {}

    /** Applies {@code writes}; returns how many lost to a newer stored state. */
    public static int apply(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return 0;
        }
        try {
            collection.bulkWrite(writes, UNORDERED);
            return 0;
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            return e.getWriteErrors().size();
        }
    }
}

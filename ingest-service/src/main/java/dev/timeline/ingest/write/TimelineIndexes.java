package dev.timeline.ingest.write;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.timeline.ingest.IngestProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes the timeline reads need, before the listener starts (creating an existing index is a no-op).
 * Every read is scoped to a tenant, sorted newest first with the id as tie-breaker for keyset paging.
 */
@Component
class TimelineIndexes implements SmartInitializingSingleton {
    private final MongoTemplate mongo;
    private final String collection;

    TimelineIndexes(MongoTemplate mongo, IngestProperties properties) {
        this.mongo = mongo;
        this.collection = properties.collection();
    }

    @Override
    public void afterSingletonsInstantiated() {
        var entries = mongo.getCollection(collection);
        entries.createIndex(
                Indexes.compoundIndex(Indexes.ascending(TENANT, CUSTOMER_ID), Indexes.descending(OCCURRED_AT, ID)),
                new IndexOptions().name(CUSTOMER_TIMELINE_INDEX));
        entries.createIndex(
                Indexes.compoundIndex(Indexes.ascending(TENANT, TICKET_ID), Indexes.descending(OCCURRED_AT, ID)),
                new IndexOptions().name(TICKET_TIMELINE_INDEX));
        entries.createIndex(Indexes.ascending(TENANT, CORRELATION_ID), new IndexOptions().name(CORRELATION_INDEX));
    }
}

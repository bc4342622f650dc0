package dev.timeline.ingest.write;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.timeline.events.store.CustomerLinks;
import dev.timeline.events.store.Tickets;
import dev.timeline.ingest.IngestProperties;
import java.util.concurrent.CompletableFuture;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes the timeline reads need, before the listener starts (creating an existing index is a no-op):
 * started in the background when the context creates this bean, so that the store's round trips overlap the rest of
 * the start-up, and awaited before the listener consumes ({@code source.ListenerPrerequisites}).
 * Every read is scoped to a tenant, sorted newest first with the id as tie-breaker for keyset paging. A customer's
 * timeline key also holds channel, kind, type, staff id, source and direction, so that a chart and the facets are
 * answered from the index alone (covered queries; the local store covers the chart's) and every filter but the text
 * is checked on the key before any document is read. The parts of folded entries are read by head, identities and
 * merges by customer when a timeline is resolved.
 */
@Component
public class TimelineIndexes {
    private static final Logger log = LoggerFactory.getLogger(TimelineIndexes.class);

    private final CompletableFuture<Void> created;

    TimelineIndexes(MongoTemplate mongo, IngestProperties properties) {
        this.created = CompletableFuture.runAsync(
                () -> create(mongo.getDb(), properties.collection()), new SimpleAsyncTaskExecutor("timeline-indexes-"));
    }

    /** Completes once every index exists; exceptionally when the store refused. */
    public CompletableFuture<Void> created() {
        return created;
    }

    /** Creates every index the services' reads need (a no-op where they exist); benchmarks call it too. */
    public static void create(com.mongodb.client.MongoDatabase database, String collection) {
        var entries = database.getCollection(collection);
        replacingAnOlderKey(
                entries,
                Indexes.compoundIndex(
                        Indexes.ascending(TENANT, CUSTOMER_ID),
                        Indexes.descending(OCCURRED_AT, ID),
                        Indexes.ascending(CHANNEL, KIND, TYPE, STAFF + ".id", SOURCE, DIRECTION)),
                CUSTOMER_TIMELINE_INDEX);
        entries.createIndex(
                Indexes.compoundIndex(Indexes.ascending(TENANT, TICKET_ID), Indexes.descending(OCCURRED_AT, ID)),
                new IndexOptions().name(TICKET_TIMELINE_INDEX));
        entries.createIndex(
                Indexes.compoundIndex(Indexes.ascending(TENANT), Indexes.descending(OCCURRED_AT, ID)),
                new IndexOptions().name(TENANT_TIMELINE_INDEX));
        var parts = database.getCollection(PARTS_COLLECTION);
        parts.createIndex(Indexes.ascending(HEAD_ID), new IndexOptions().name(HEAD_INDEX));
        parts.createIndex(Indexes.ascending(TENANT, CUSTOMER_ID), new IndexOptions().name(CUSTOMER_TIMELINE_INDEX));
        database.getCollection(CustomerLinks.IDENTITIES)
                .createIndex(
                        Indexes.ascending(CustomerLinks.TENANT, CustomerLinks.CUSTOMER_ID),
                        new IndexOptions().name(CustomerLinks.IDENTITIES_BY_CUSTOMER_INDEX));
        database.getCollection(CustomerLinks.MERGES)
                .createIndex(
                        Indexes.ascending(CustomerLinks.TENANT, CustomerLinks.MERGED_INTO),
                        new IndexOptions().name(CustomerLinks.MERGES_BY_SURVIVOR_INDEX));
        database.getCollection(dev.timeline.events.store.Refusals.COLLECTION)
                .createIndex(
                        Indexes.compoundIndex(
                                Indexes.ascending(dev.timeline.events.store.Refusals.TENANT),
                                Indexes.descending(dev.timeline.events.store.Refusals.REFUSED_AT, "_id")),
                        new IndexOptions().name(dev.timeline.events.store.Refusals.BY_TENANT_INDEX));
        database.getCollection(Tickets.COLLECTION).createIndex(Indexes.ascending(Tickets.TENANT, Tickets.CUSTOMER_ID));
    }

    /**
     * Creates the index, first dropping one of the same name with other keys (a store from before the keys grew):
     * MongoDB refuses a second definition under one name.
     */
    private static void replacingAnOlderKey(
            com.mongodb.client.MongoCollection<Document> collection, Bson keys, String name) {
        BsonDocument wanted = keys.toBsonDocument();
        for (Document existing : collection.listIndexes()) {
            if (name.equals(existing.getString("name"))
                    && !wanted.equals(existing.get("key", Document.class).toBsonDocument())) {
                log.info(
                        "index {} on {} had the keys {}: replacing it with {}",
                        name,
                        collection.getNamespace(),
                        existing.get("key"),
                        wanted);
                try {
                    collection.dropIndex(name);
                } catch (com.mongodb.MongoCommandException e) {
                    if (e.getErrorCode() != 27) { // IndexNotFound: another instance dropped it first
                        throw e;
                    }
                }
            }
        }
        collection.createIndex(keys, new IndexOptions().name(name));
    }
}

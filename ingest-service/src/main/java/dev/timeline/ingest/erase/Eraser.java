package dev.timeline.ingest.erase;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import dev.timeline.events.CustomerErased;
import dev.timeline.events.EventType;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.CustomerLinks;
import dev.timeline.events.store.EntryIds;
import dev.timeline.events.store.Erasures;
import dev.timeline.events.store.Tickets;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.ingest.IngestMetrics;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.write.TimelineWriter;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.ResolvedCustomer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Carries out a {@link CustomerErased}: the customer is resolved like a timeline read (its survivor, the customers
 * merged into it, its identities' anonymous contacts: one person), then everything stored about them goes — entries,
 * folded parts, tickets' states, identity links, merges and their log, and export files that may hold their rows (the
 * customer's own and every whole-tenant export). What remains is a record with the request's reference, the times and
 * the counts: no id, no identity. The customer ids go on a suppression list ({@link Erasures#ERASED_CUSTOMERS}, as
 * hashes), and the pipeline drops later events addressed to them. Running it again (a redelivery) deletes what arrived
 * since and records nothing new.
 */
@Component
public class Eraser {
    private static final Logger log = LoggerFactory.getLogger(Eraser.class);

    private final MongoTemplate mongo;
    private final String timelineCollection;
    private final CustomerResolver resolver;
    private final CircuitBreaker breaker;
    private final IngestMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final SuppressionList suppressionList;

    Eraser(MongoTemplate mongo, IngestProperties properties, CircuitBreaker storeBreaker, IngestMetrics metrics) {
        this.mongo = mongo;
        this.timelineCollection = properties.collection();
        this.resolver = new CustomerResolver(mongo.getDb());
        this.breaker = storeBreaker;
        this.metrics = metrics;
        this.suppressionList = new SuppressionList(collection(Erasures.ERASED_CUSTOMERS), SuppressionList.CACHE_LIMIT);
    }

    public void erase(TimelineEvent event) {
        breaker.executeRunnable(() -> run(event));
    }

    private void run(TimelineEvent event) {
        String tenant = event.tenant();
        ResolvedCustomer subject = resolver.resolve(tenant, event.customer().id());
        Set<String> ids = new LinkedHashSet<>(subject.mergedIds());
        ids.add(subject.customerId());
        ids.add(event.customer().id());
        Set<String> keys = new LinkedHashSet<>(subject.keys());
        keys.addAll(ids);
        List<String> idList = List.copyOf(ids);
        List<String> keyList = List.copyOf(keys);

        Bson byKey =
                Filters.and(Filters.eq(TimelineFields.TENANT, tenant), Filters.in(TimelineFields.CUSTOMER_ID, keyList));
        long entries = collection(timelineCollection).deleteMany(byKey).getDeletedCount();
        long parts =
                collection(TimelineFields.PARTS_COLLECTION).deleteMany(byKey).getDeletedCount();
        long tickets = collection(Tickets.COLLECTION)
                .deleteMany(Filters.and(Filters.eq(Tickets.TENANT, tenant), Filters.in(Tickets.CUSTOMER_ID, keyList)))
                .getDeletedCount();
        long identities = collection(CustomerLinks.IDENTITIES)
                .deleteMany(Filters.and(
                        Filters.eq(CustomerLinks.TENANT, tenant), Filters.in(CustomerLinks.CUSTOMER_ID, idList)))
                .getDeletedCount();
        long merges = collection(CustomerLinks.MERGES)
                .deleteMany(Filters.and(
                        Filters.eq(CustomerLinks.TENANT, tenant),
                        Filters.or(
                                Filters.in(CustomerLinks.CUSTOMER_ID, idList),
                                Filters.in(CustomerLinks.MERGED_INTO, idList))))
                .getDeletedCount();
        collection(CustomerLinks.MERGE_LOG)
                .deleteMany(Filters.and(
                        Filters.eq(CustomerLinks.TENANT, tenant),
                        Filters.or(
                                Filters.in(CustomerLinks.SURVIVOR_ID, idList),
                                Filters.in(CustomerLinks.MERGED_ID, idList))));
        long exports = eraseExports(tenant, keyList);
        suppress(tenant, idList);

        Document record = new Document("_id", EntryIds.of(tenant, event.source(), event.id()))
                .append("tenant", tenant)
                .append("requestId", ((CustomerErased) event.payload()).requestId())
                .append("requestedAt", Date.from(event.time()))
                .append("erasedAt", Date.from(clock.instant()))
                .append(
                        "deleted",
                        new Document("entries", entries + parts)
                                .append("tickets", tickets)
                                .append("identities", identities)
                                .append("merges", merges)
                                .append("exports", exports));
        try {
            collection(Erasures.COLLECTION).insertOne(record);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        metrics.erased();
        log.info(
                "Erase {} for tenant {}: {} entries, {} identities, {} merges, {} exports deleted",
                event.id(),
                tenant,
                entries + parts,
                identities,
                merges,
                exports);
    }

    /** Puts the subject's customer ids on the suppression list (a redelivered erase finds them there already). */
    private void suppress(String tenant, List<String> ids) {
        Date now = Date.from(clock.instant());
        TimelineWriter.insert(
                collection(Erasures.ERASED_CUSTOMERS),
                ids.stream()
                        .map(id -> new Document("_id", Erasures.subject(tenant, id))
                                .append("tenant", tenant)
                                .append("erasedAt", now))
                        .toList());
        suppressionList.added();
    }

    /**
     * Of the events addressed by customer id, those of a customer erased before: their positions in {@code events}.
     * One read of the list's generation ({@link SuppressionList}).
     */
    public BitSet suppressed(List<TimelineEvent> events) {
        BitSet suppressed = new BitSet(events.size());
        // Built only when someone was ever erased (an empty list needs no candidates); then a batch holds a few events
        // per customer, and each customer's pseudonym (a SHA-256) is made once.
        Supplier<Map<String, List<Integer>>> candidates = () -> {
            Map<Customer, List<Integer>> byCustomer = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                TimelineEvent event = events.get(i);
                if (event.customer().id() != null && event.type() != EventType.CUSTOMER_ERASED) {
                    byCustomer
                            .computeIfAbsent(
                                    new Customer(
                                            event.tenant(), event.customer().id()),
                                    c -> new ArrayList<>())
                            .add(i);
                }
            }
            Map<String, List<Integer>> bySubject = new HashMap<>();
            byCustomer.forEach((customer, positions) ->
                    bySubject.put(Erasures.subject(customer.tenant(), customer.id()), positions));
            return bySubject;
        };
        breaker.executeRunnable(
                () -> suppressionList.find(candidates, positions -> positions.forEach(suppressed::set)));
        return suppressed;
    }

    /**
     * The erase generation the last {@link #suppressed} call read: it moves whenever a customer is erased, here or by
     * another instance, so that whatever remembers stored data knows to forget it.
     */
    public long generation() {
        return suppressionList.generation();
    }

    private record Customer(String tenant, String id) {}

    /** The subject's own exports and every whole-tenant export (which holds their rows too), files first. */
    private long eraseExports(String tenant, List<String> keys) {
        MongoCollection<Document> jobs = collection(Erasures.EXPORT_JOBS);
        GridFSBucket files = GridFSBuckets.create(mongo.getDb(), Erasures.EXPORT_BUCKET);
        List<Object> doomed = new ArrayList<>();
        for (Document job : jobs.find(Filters.and(
                Filters.eq("tenant", tenant),
                Filters.or(Filters.in("customerId", keys), Filters.eq("customerId", null))))) {
            // A finished file, or the chunks of a running job's upload (GridFS deletes chunks, then complains).
            for (String field : List.of("fileId", "uploadId")) {
                ObjectId file = job.getObjectId(field);
                if (file != null) {
                    try {
                        files.delete(file);
                    } catch (com.mongodb.MongoGridFSException alreadyGone) {
                        log.debug("export file {} was already deleted", file);
                    }
                }
            }
            doomed.add(job.get("_id"));
        }
        return doomed.isEmpty() ? 0 : jobs.deleteMany(Filters.in("_id", doomed)).getDeletedCount();
    }

    private MongoCollection<Document> collection(String name) {
        return mongo.getCollection(name);
    }
}

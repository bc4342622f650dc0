package dev.timeline.ingest.links;

import static dev.timeline.events.store.CustomerLinks.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.Identity;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.IdentityUnlinked;
import dev.timeline.events.MergeUndone;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.EntryIds;
import dev.timeline.ingest.write.StaleWrites;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies identity links and merges. Each identity and each merged customer has one state document; an event sets it
 * only over an older one (by event time), so links and merges, undos and redeliveries may arrive in any order. Merges
 * and undos are also appended to the merge log. Entries are never rewritten: reads resolve who they belong to.
 */
@Component
public class LinkWriter {
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> identities;
    private final MongoCollection<Document> merges;
    private final MongoCollection<Document> mergeLog;
    private final CircuitBreaker breaker;

    LinkWriter(MongoTemplate mongo, CircuitBreaker storeBreaker) {
        this.identities = mongo.getCollection(IDENTITIES);
        this.merges = mongo.getCollection(MERGES);
        this.mergeLog = mongo.getCollection(MERGE_LOG);
        this.breaker = storeBreaker;
    }

    /** Applies the link, unlink, merge and undo events among {@code events}; ignores the others. */
    public void apply(List<TimelineEvent> events) {
        List<WriteModel<Document>> identityWrites = new ArrayList<>();
        List<WriteModel<Document>> mergeWrites = new ArrayList<>();
        List<WriteModel<Document>> logWrites = new ArrayList<>();
        for (TimelineEvent event : events) {
            String customerId = event.customer().id();
            if (event.payload() instanceof IdentityLinked link) {
                identityWrites.add(identity(event, link.identity(), customerId));
            } else if (event.payload() instanceof IdentityUnlinked unlink) {
                identityWrites.add(identity(event, unlink.identity(), null));
            } else if (event.payload() instanceof CustomersMerged merge) {
                mergeWrites.add(merge(event, merge.mergedCustomerId(), true));
                logWrites.add(log(event, "merged", merge.mergedCustomerId()));
            } else if (event.payload() instanceof MergeUndone undo) {
                mergeWrites.add(merge(event, undo.mergedCustomerId(), false));
                logWrites.add(log(event, "undone", undo.mergedCustomerId()));
            }
        }
        if (identityWrites.isEmpty() && mergeWrites.isEmpty()) {
            return;
        }
        breaker.executeRunnable(() -> {
            StaleWrites.apply(identities, identityWrites);
            StaleWrites.apply(merges, mergeWrites);
            StaleWrites.apply(mergeLog, logWrites);
        });
    }

    private static WriteModel<Document> identity(TimelineEvent event, Identity identity, @Nullable String customerId) {
        String id = identityId(event.tenant(), identity.key());
        return new UpdateOneModel<>(
                newerThanStored(id, event),
                Updates.combine(
                        Updates.set(TENANT, event.tenant()),
                        Updates.set(KIND, identity.kind().wire()),
                        Updates.set(VALUE, identity.value()),
                        customerId == null ? Updates.unset(CUSTOMER_ID) : Updates.set(CUSTOMER_ID, customerId),
                        Updates.set(AT, Date.from(event.time())),
                        Updates.set(EVENT_ID, event.id())),
                UPSERT);
    }

    private static WriteModel<Document> merge(TimelineEvent event, String mergedId, boolean active) {
        return new UpdateOneModel<>(
                newerThanStored(mergeId(event.tenant(), mergedId), event),
                Updates.combine(
                        Updates.set(TENANT, event.tenant()),
                        Updates.set(CUSTOMER_ID, mergedId),
                        Updates.set(MERGED_INTO, event.customer().id()),
                        Updates.set(ACTIVE, active),
                        Updates.set(AT, Date.from(event.time())),
                        Updates.set(EVENT_ID, event.id())),
                UPSERT);
    }

    /** The log keeps every merge and undo once (a redelivery is a duplicate key, ignored). */
    private static WriteModel<Document> log(TimelineEvent event, String action, String mergedId) {
        Document entry = new Document("_id", EntryIds.of(event.tenant(), event.source(), event.id()))
                .append(TENANT, event.tenant())
                .append(ACTION, action)
                .append(SURVIVOR_ID, event.customer().id())
                .append(MERGED_ID, mergedId)
                .append(AT, Date.from(event.time()))
                .append(EVENT_ID, event.id());
        if (event.staff() != null) {
            entry.append(STAFF, event.staff().id());
        }
        return new InsertOneModel<>(entry);
    }

    private static Bson newerThanStored(String id, TimelineEvent event) {
        return Filters.and(
                Filters.eq("_id", id), Filters.or(Filters.exists(AT, false), Filters.lt(AT, Date.from(event.time()))));
    }
}

package dev.timeline.ingest.links;

import static dev.timeline.events.store.CustomerLinks.*;

import com.mongodb.client.MongoCollection;
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
        List<StaleWrites.Write> identityWrites = new ArrayList<>();
        List<StaleWrites.Write> mergeWrites = new ArrayList<>();
        List<Document> logEntries = new ArrayList<>();
        for (TimelineEvent event : events) {
            String customerId = event.customer().id();
            if (event.payload() instanceof IdentityLinked link) {
                identityWrites.add(identity(event, link.identity(), customerId));
            } else if (event.payload() instanceof IdentityUnlinked unlink) {
                identityWrites.add(identity(event, unlink.identity(), null));
            } else if (event.payload() instanceof CustomersMerged merge) {
                mergeWrites.add(merge(event, merge.mergedCustomerId(), true));
                logEntries.add(log(event, "merged", merge.mergedCustomerId()));
            } else if (event.payload() instanceof MergeUndone undo) {
                mergeWrites.add(merge(event, undo.mergedCustomerId(), false));
                logEntries.add(log(event, "undone", undo.mergedCustomerId()));
            }
        }
        if (identityWrites.isEmpty() && mergeWrites.isEmpty()) {
            return;
        }
        breaker.executeRunnable(() -> {
            StaleWrites.apply(identities, identityWrites);
            StaleWrites.apply(merges, mergeWrites);
            StaleWrites.insertOnce(mergeLog, logEntries);
        });
    }

    private static StaleWrites.Write identity(TimelineEvent event, Identity identity, @Nullable String customerId) {
        Document state = new Document("_id", identityId(event.tenant(), identity.key()))
                .append(TENANT, event.tenant())
                .append(KIND, identity.kind().wire())
                .append(VALUE, identity.value());
        if (customerId != null) {
            state.append(CUSTOMER_ID, customerId);
        }
        state.append(AT, Date.from(event.time())).append(EVENT_ID, event.id());
        return StaleWrites.Write.replace(state.getString("_id"), AT, Date.from(event.time()), state);
    }

    private static StaleWrites.Write merge(TimelineEvent event, String mergedId, boolean active) {
        Document state = new Document("_id", mergeId(event.tenant(), mergedId))
                .append(TENANT, event.tenant())
                .append(CUSTOMER_ID, mergedId)
                .append(MERGED_INTO, event.customer().id())
                .append(ACTIVE, active)
                .append(AT, Date.from(event.time()))
                .append(EVENT_ID, event.id());
        return StaleWrites.Write.replace(state.getString("_id"), AT, Date.from(event.time()), state);
    }

    /** The log keeps every merge and undo once (a redelivery is a duplicate key, ignored). */
    private static Document log(TimelineEvent event, String action, String mergedId) {
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
        return entry;
    }
}

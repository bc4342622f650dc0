package dev.timeline.ingest.links;

import static dev.timeline.events.store.Tickets.*;

import com.mongodb.client.MongoCollection;
import dev.timeline.events.TicketCreated;
import dev.timeline.events.TicketPriority;
import dev.timeline.events.TicketPriorityChanged;
import dev.timeline.events.TicketStatus;
import dev.timeline.events.TicketStatusChanged;
import dev.timeline.events.TimelineEvent;
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
 * Keeps each ticket's current priority and status from its events. Priority and status each remember the event time
 * that set them and only move forward in time, so a late or redelivered change never overwrites a newer one.
 */
@Component
public class TicketStates {
    private final MongoCollection<Document> tickets;
    private final CircuitBreaker breaker;

    TicketStates(MongoTemplate mongo, CircuitBreaker storeBreaker) {
        this.tickets = mongo.getCollection(COLLECTION);
        this.breaker = storeBreaker;
    }

    public void apply(List<TimelineEvent> events) {
        List<StaleWrites.Write> writes = new ArrayList<>();
        for (TimelineEvent event : events) {
            if (event.ticketId() == null) {
                continue;
            }
            if (event.payload() instanceof TicketCreated created) {
                Date at = Date.from(event.time());
                writes.add(StaleWrites.Write.set(
                        id(event.tenant(), event.ticketId()),
                        CREATED_AT,
                        at,
                        identity(event).append(TITLE, created.title()).append(CREATED_AT, at)));
                priority(writes, event, created.priority());
                status(writes, event, created.status());
            } else if (event.payload() instanceof TicketPriorityChanged change) {
                priority(writes, event, change.to());
            } else if (event.payload() instanceof TicketStatusChanged change) {
                status(writes, event, change.to());
            }
        }
        if (!writes.isEmpty()) {
            breaker.executeRunnable(() -> StaleWrites.apply(tickets, writes));
        }
    }

    private static void priority(List<StaleWrites.Write> writes, TimelineEvent event, @Nullable TicketPriority to) {
        if (to != null) {
            writes.add(change(event, PRIORITY, to.wire(), PRIORITY_AT));
        }
    }

    private static void status(List<StaleWrites.Write> writes, TimelineEvent event, @Nullable TicketStatus to) {
        if (to != null) {
            writes.add(change(event, STATUS, to.wire(), STATUS_AT));
        }
    }

    /** Sets one of priority and status, unless a newer event set it already (or sets it on a new ticket). */
    private static StaleWrites.Write change(TimelineEvent event, String field, String value, String atField) {
        Date at = Date.from(event.time());
        return StaleWrites.Write.set(
                id(event.tenant(), event.ticketId()),
                atField,
                at,
                identity(event).append(field, value).append(atField, at));
    }

    /** The fields every write of a ticket sets: whose and which ticket it is. */
    private static Document identity(TimelineEvent event) {
        return new Document(TENANT, event.tenant())
                .append(TICKET_ID, event.ticketId())
                .append(CUSTOMER_ID, event.customer().key());
    }
}

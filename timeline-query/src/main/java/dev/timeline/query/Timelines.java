package dev.timeline.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.events.store.Tickets;
import dev.timeline.events.store.TimelineFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/** Questions about a timeline as a whole. */
public final class Timelines {
    private Timelines() {}

    /** Whether the scope has any entry at all: tells "no such timeline" (404) from "nothing matches" (empty page). */
    public static boolean exists(MongoCollection<Document> timeline, String tenant, Scope scope) {
        return timeline.find(Filters.and(
                                Filters.eq(dev.timeline.events.store.TimelineFields.TENANT, tenant), scope.criterion()))
                        .projection(Projections.include("_id"))
                        .limit(1)
                        .first()
                != null;
    }

    /**
     * The current state of the tickets that {@code entries} belong to, by ticket id: one read by primary key from the
     * {@link Tickets} collection (entries without a ticket, or whose ticket has no state yet, are left out).
     */
    public static Map<String, Document> ticketStates(
            MongoCollection<Document> tickets, String tenant, List<Document> entries) {
        List<String> ids = entries.stream()
                .map(d -> d.getString(TimelineFields.TICKET_ID))
                .filter(Objects::nonNull)
                .distinct()
                .map(t -> Tickets.id(tenant, t))
                .toList();
        Map<String, Document> states = new HashMap<>();
        if (!ids.isEmpty()) {
            tickets.find(Filters.in("_id", ids)).forEach(t -> states.put(t.getString(Tickets.TICKET_ID), t));
        }
        return states;
    }
}

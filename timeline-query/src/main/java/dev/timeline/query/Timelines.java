package dev.timeline.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
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
}

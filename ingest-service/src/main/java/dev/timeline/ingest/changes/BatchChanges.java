package dev.timeline.ingest.changes;

import static dev.timeline.events.store.TimelineFields.*;

import dev.timeline.events.CustomerRef;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.IdentityUnlinked;
import dev.timeline.events.MergeUndone;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.changes.Change;
import dev.timeline.ingest.correlate.HeadWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/** What one stored batch changed, in the order a timeline shows it happen. */
public final class BatchChanges {
    private BatchChanges() {}

    /**
     * @param own entries of their own as written, with {@code duplicates} marking those stored before (not new)
     * @param parts parts of folded entries; {@code heads} says which of their entries were inserted and which changed
     * @param ticketEvents events that may have changed a ticket's current state
     * @param controls links, unlinks, merges and undos
     * @param erases erased customers
     */
    public static List<Change> of(
            long writtenAt,
            List<Document> own,
            BitSet duplicates,
            List<Document> parts,
            HeadWriter.Written heads,
            List<TimelineEvent> ticketEvents,
            List<TimelineEvent> controls,
            List<TimelineEvent> erases) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            if (!duplicates.get(i)) {
                changes.add(entry(Change.Type.NEW, own.get(i), own.get(i).getString(ID), writtenAt));
            }
        }
        Map<String, Document> firstPartOf = new LinkedHashMap<>();
        for (Document part : parts) {
            firstPartOf.putIfAbsent(part.getString(HEAD_ID), part);
        }
        firstPartOf.forEach((headId, part) -> {
            if (heads.inserted().contains(headId)) {
                changes.add(entry(Change.Type.NEW, part, headId, writtenAt));
            } else if (heads.updated().contains(headId)) {
                changes.add(entry(Change.Type.CHANGED, part, headId, writtenAt));
            }
        });
        Set<String> ticketsSeen = new LinkedHashSet<>();
        for (TimelineEvent event : ticketEvents) {
            String ticketId = event.ticketId();
            if (ticketId != null && ticketsSeen.add(event.tenant() + "|" + ticketId)) {
                changes.add(new Change(
                        Change.Type.TICKET,
                        event.tenant(),
                        List.of(event.customer().key()),
                        null,
                        ticketId,
                        writtenAt));
            }
        }
        for (TimelineEvent event : controls) {
            List<String> keys = whoseHistory(event);
            if (!keys.isEmpty()) {
                changes.add(new Change(Change.Type.RELOAD, event.tenant(), keys, null, null, writtenAt));
            }
        }
        for (TimelineEvent event : erases) {
            changes.add(new Change(
                    Change.Type.GONE, event.tenant(), List.of(event.customer().key()), null, null, writtenAt));
        }
        return changes;
    }

    private static Change entry(Change.Type type, Document document, String entryId, long writtenAt) {
        return new Change(
                type,
                document.getString(TENANT),
                List.of(document.getString(CUSTOMER_ID)),
                entryId,
                document.getString(TICKET_ID),
                writtenAt);
    }

    /** The keys whose timelines a link, unlink, merge or undo changes: both sides of it. */
    static List<String> whoseHistory(TimelineEvent event) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(event.customer().key());
        if (event.payload() instanceof IdentityLinked link) {
            keys.add(CustomerRef.ANONYMOUS_PREFIX + link.identity().key());
        } else if (event.payload() instanceof IdentityUnlinked unlink) {
            keys.add(CustomerRef.ANONYMOUS_PREFIX + unlink.identity().key());
        } else if (event.payload() instanceof CustomersMerged merge) {
            keys.add(merge.mergedCustomerId());
        } else if (event.payload() instanceof MergeUndone undo) {
            keys.add(undo.mergedCustomerId());
        } else {
            return List.of();
        }
        return List.copyOf(keys);
    }
}

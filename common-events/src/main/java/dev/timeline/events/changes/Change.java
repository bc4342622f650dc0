package dev.timeline.events.changes;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened to the stored timelines, published by ingest after the write that made it.
 *
 * @param type what happened
 * @param tenant whose data
 * @param keys the customer keys (CRM ids or {@code anon:} contact keys) whose timelines it touches; the first is the
 *     record's Kafka key, so one customer's changes stay in order
 * @param entryId the entry, for {@link Type#NEW} and {@link Type#CHANGED}
 * @param ticketId the entry's ticket, or the ticket whose state changed ({@link Type#TICKET})
 * @param writtenAt when ingest had stored it (epoch milliseconds), for the written → pushed delay
 */
public record Change(
        Type type,
        String tenant,
        List<String> keys,
        @Nullable String entryId,
        @Nullable String ticketId,
        long writtenAt) {

    /** The topic the changes are published to (after the deployment's topic prefix). */
    public static final String TOPIC = "timeline.changes";

    public Change {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a change touches at least one customer key");
        }
    }

    public enum Type {
        /** An entry that was not stored before. */
        NEW("new"),
        /** A stored entry that changed: a call's or an e-mail's entry gained a part. */
        CHANGED("changed"),
        /** A ticket's current title, priority or status changed: every entry of the ticket shows it. */
        TICKET("ticket"),
        /** Whose history a key's timeline shows changed (an identity linked or unlinked, a merge or its undo). */
        RELOAD("reload"),
        /** The customer was erased. */
        GONE("gone");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Type fromWire(String wire) {
            for (Type type : values()) {
                if (type.wire.equals(wire)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown change type " + wire);
        }
    }

    /** The Kafka record key: tenant and first customer key. */
    public String recordKey() {
        return tenant + "|" + keys.get(0);
    }
}

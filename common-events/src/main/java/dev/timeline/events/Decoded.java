package dev.timeline.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What {@link EventCodec#decode} made of a record: an event, or the reason it was rejected. */
public sealed interface Decoded {

    record Accepted(TimelineEvent event) implements Decoded {}

    /**
     * @param seen what the record said of itself, as far as it could be read (nothing if it is not JSON): for telling a
     *     tenant which of its events were refused
     */
    record Rejected(
            RejectReason reason, String message, @Nullable Seen seen) implements Decoded {
        public Rejected(RejectReason reason, String message) {
            this(reason, message, null);
        }

        public Rejected withSeen(@Nullable Seen seen) {
            return new Rejected(reason, message, seen);
        }
    }

    /**
     * The envelope fields of a refused record, unchecked (each cut to 200 characters): tenant, source, type, id, the
     * time if it parsed, and the customer key ({@code data.customer.id} or {@code anon:<kind>:<value>}).
     */
    record Seen(
            @Nullable String tenant,
            @Nullable String source,
            @Nullable String type,
            @Nullable String id,
            @Nullable Instant time,
            @Nullable String customer) {

        /** What an accepted event says of itself. */
        public static Seen of(TimelineEvent event) {
            return new Seen(
                    event.tenant(),
                    event.source(),
                    event.type().wire(),
                    event.id(),
                    event.time(),
                    event.customer().key());
        }
    }
}

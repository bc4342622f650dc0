package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/**
 * The customer an event is about: a known CRM customer id, or a channel identity when the connector does not know the
 * customer (a new Zalo follower, a caller's number). At least one is given; when both are, the id wins.
 */
public record CustomerRef(@Nullable String id, @Nullable Identity identity) {
    /** Starts the key of an anonymous contact: {@code anon:<kind>:<value>}. */
    public static final String ANONYMOUS_PREFIX = "anon:";

    public static CustomerRef id(String id) {
        return new CustomerRef(id, null);
    }

    public static CustomerRef identity(IdentityKind kind, String value) {
        return new CustomerRef(null, new Identity(kind, value));
    }

    /**
     * The key that keeps one customer's events together: the Kafka record key (with the tenant) and the timeline's
     * customer id. A customer known only by an identity gets an anonymous contact key, {@code anon:zalo:…}.
     */
    public String key() {
        if (id != null) {
            return id;
        }
        if (identity != null) {
            return ANONYMOUS_PREFIX + identity.key();
        }
        throw new IllegalStateException("a customer needs an id or an identity");
    }
}

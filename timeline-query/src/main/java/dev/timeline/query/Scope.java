package dev.timeline.query;

import com.mongodb.client.model.Filters;
import dev.timeline.events.store.TimelineFields;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * Whose timeline: one customer's (from the profile, the chat screen) or one ticket's (from a ticket's detail), or a
 * whole tenant's. A customer's timeline spans every key that belongs to it ({@link CustomerResolver}); {@code name}
 * is the one it is known by (the surviving customer's id), which cursors are bound to.
 */
public record Scope(String field, List<String> values, String name) {

    public Scope {
        values = List.copyOf(values);
    }

    /** Exactly the entries stored under {@code customerId}, without resolving links or merges. */
    public static Scope customer(String customerId) {
        return new Scope(TimelineFields.CUSTOMER_ID, List.of(customerId), customerId);
    }

    /** A resolved customer: the survivor, the customers merged into it and their linked identities' contacts. */
    public static Scope customer(ResolvedCustomer customer) {
        return new Scope(TimelineFields.CUSTOMER_ID, customer.keys(), customer.customerId());
    }

    /** A whole tenant's timeline (exports for analysts); the tenant criterion is the scope. */
    public static Scope wholeTenant(String tenant) {
        return new Scope(TimelineFields.TENANT, List.of(tenant), tenant);
    }

    public static Scope ticket(String ticketId) {
        return new Scope(TimelineFields.TICKET_ID, List.of(ticketId), ticketId);
    }

    public Bson criterion() {
        return values.size() == 1 ? Filters.eq(field, values.get(0)) : Filters.in(field, values);
    }

    @Override
    public String toString() {
        return field + " " + name;
    }
}

package dev.timeline.query;

import dev.timeline.events.store.TimelineFields;

/** Whose timeline: one customer's (from the profile, the chat screen) or one ticket's (from a ticket's detail). */
public record Scope(String field, String value) {

    public static Scope customer(String customerId) {
        return new Scope(TimelineFields.CUSTOMER_ID, customerId);
    }

    /** A whole tenant's timeline (exports for analysts); the tenant criterion is the scope. */
    public static Scope wholeTenant(String tenant) {
        return new Scope(TimelineFields.TENANT, tenant);
    }

    public static Scope ticket(String ticketId) {
        return new Scope(TimelineFields.TICKET_ID, ticketId);
    }
}

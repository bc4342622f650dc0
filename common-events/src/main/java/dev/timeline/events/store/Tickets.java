package dev.timeline.events.store;

/**
 * The {@value #COLLECTION} collection: a ticket's current state, kept from its events so that every entry of a
 * ticket, on the ticket's timeline and the customer's, shows the ticket's priority and status now. Each of priority
 * and status carries the event time that set it; a change only applies over an older one, so the arrival order does
 * not matter.
 */
public final class Tickets {
    public static final String COLLECTION = "tickets";

    public static final String TENANT = "tenant";
    public static final String TICKET_ID = "ticketId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String TITLE = "title";
    /** When the ticket was created (the {@code ticket.created} event's time). */
    public static final String CREATED_AT = "createdAt";

    public static final String PRIORITY = "priority";
    public static final String PRIORITY_AT = "priorityAt";
    public static final String STATUS = "status";
    public static final String STATUS_AT = "statusAt";

    private Tickets() {}

    public static String id(String tenant, String ticketId) {
        return EntryIds.of(tenant, "ticket", ticketId);
    }
}

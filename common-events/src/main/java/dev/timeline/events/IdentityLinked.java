package dev.timeline.events;

/**
 * The CRM says a channel identity belongs to the event's customer ({@code data.customer.id}). Events that named only
 * that identity, before or after this link, show on the customer's timeline. A later link of the same identity to
 * another customer moves it; the newest link (by event time) wins whatever the arrival order.
 */
public record IdentityLinked(Identity identity) implements Payload {

    @Override
    public void validate(Violations v) {
        Identities.validate(v, identity);
    }
}

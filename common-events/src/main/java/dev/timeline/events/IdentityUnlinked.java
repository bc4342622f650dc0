package dev.timeline.events;

/** The CRM removed a channel identity from the event's customer; its events go back to the anonymous contact. */
public record IdentityUnlinked(Identity identity) implements Payload {

    @Override
    public void validate(Violations v) {
        Identities.validate(v, identity);
    }
}

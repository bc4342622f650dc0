package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A ticket was opened from a customer's request; the envelope's {@code ticketId} names it. */
public record TicketCreated(
        String title,
        @Nullable TicketPriority priority,
        @Nullable TicketStatus status,
        @Nullable String description) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.title", title).maxLength("data.title", title, Payload.NAME_MAX);
        v.maxLength("data.description", description, Payload.TEXT_MAX);
    }
}

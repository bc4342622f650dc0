package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A ticket moved to another status; {@code processingSeconds} is the handling time so far, for SLA review. */
public record TicketStatusChanged(
        @Nullable TicketStatus from,
        TicketStatus to,
        @Nullable Long processingSeconds) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.to", to);
        v.notNegative("data.processingSeconds", processingSeconds);
    }
}

package dev.timeline.events;

import org.jspecify.annotations.Nullable;

public record TicketPriorityChanged(@Nullable TicketPriority from, TicketPriority to) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.to", to);
    }
}
